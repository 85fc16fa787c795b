using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Running;

/// <summary>A model's per-token prices from the catalog; a <c>ft:BASE:…</c> model is priced at its base model's fine-tuned rates.</summary>
/// <param name="Input">USD per 1M uncached input tokens.</param>
/// <param name="CachedInput">USD per 1M cached input tokens.</param>
/// <param name="Output">USD per 1M output tokens.</param>
/// <param name="Source">Where the prices come from.</param>
internal sealed record Pricing(double Input, double CachedInput, double Output, string Source)
{
    /// <summary>USD per 1M input tokens written to the provider's cache (the catalog's <c>cacheWrite</c>; the plain input price when it has none).</summary>
    public double CacheWrite { get; init; } = Input;

    public static Pricing? Find(PriceCatalog? catalog, ModelSpec model) => Find(catalog, model.PriceAs ?? model.Id);

    public static Pricing? Find(PriceCatalog? catalog, string id)
    {
        var entry = catalog?.FindModel(id);
        if (entry is null)
        {
            return null;
        }

        if (id.StartsWith("ft:", StringComparison.OrdinalIgnoreCase) && entry.FineTuning is { } ft)
        {
            return new Pricing(ft.Input, ft.CachedInput ?? ft.Input, ft.Output, ft.Source);
        }

        return new Pricing(entry.Input, entry.CachedInput ?? entry.Input, entry.Output, entry.Source) { CacheWrite = entry.CacheWrite ?? entry.Input };
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
        return Cost(input - written, cached, usage?.OutputTokenCount ?? 0) + (written * CacheWrite / 1e6);
    }

    /// <summary>The cost of one call in USD; cached tokens are part of <paramref name="input"/>.</summary>
    public double Cost(double input, double cached, double output) =>
        ((Math.Max(0, input - cached) * Input) + (cached * CachedInput) + (output * Output)) / 1e6;
}
