using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Running;

/// <summary>
/// The price a call is charged at: the catalog's entry for the model, or for a <c>ft:BASE:…</c> model its base model's
/// fine-tuned rates. The arithmetic is the catalog price's own (<see cref="ModelPrice.CallUsd"/>); this maps what a
/// provider reports onto it.
/// </summary>
/// <param name="Price">The rates.</param>
internal sealed record Pricing(ModelPrice Price)
{
    /// <summary>Where the prices come from.</summary>
    public string Source => Price.Source;

    public static Pricing? Find(PriceCatalog? catalog, ModelSpec model) => Find(catalog, model.PriceAs ?? model.Id);

    public static Pricing? Find(PriceCatalog? catalog, string id)
    {
        var entry = catalog?.FindModel(id);
        if (entry is null)
        {
            return null;
        }

        return new Pricing(id.StartsWith("ft:", StringComparison.OrdinalIgnoreCase) && entry.FineTuning is { } ft ? ft.Serving(entry) : entry);
    }

    /// <summary>
    /// The cost of one answered call in USD: cache reads at the cached price, cache writes (Anthropic's
    /// <c>cache_creation_input_tokens</c>, a compatible server's <c>cache_write_tokens</c>) at the write premium, the rest
    /// of the prompt at the input price.
    /// </summary>
    public double Cost(UsageDetails? usage)
    {
        var input = usage?.InputTokenCount ?? 0;
        var cached = usage?.CachedInputTokenCount ?? 0;
        var written = usage?.AdditionalCounts?.TryGetValue(CallMetadata.CacheWriteTokens, out var w) == true ? w : 0;
        return Price.CallUsd(Math.Max(0, input - written - cached), cached, written, usage?.OutputTokenCount ?? 0);
    }

    /// <summary>The cost of one call in USD; cached tokens are part of <paramref name="input"/>.</summary>
    public double Cost(double input, double cached, double output) => Price.CallUsd(Math.Max(0, input - cached), cached, 0, output);
}
