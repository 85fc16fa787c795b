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
public sealed record Pricing(ModelPrice Price)
{
    /// <summary>Where the prices come from.</summary>
    public string Source => Price.Source;

    /// <summary>The price a candidate's model is charged at: its <c>priceAs</c> entry when it has one, else its id's.</summary>
    /// <param name="catalog">The price catalog, or null for none.</param>
    /// <param name="model">The candidate's model.</param>
    /// <returns>The price, or null when the catalog has no entry.</returns>
    public static Pricing? Find(PriceCatalog? catalog, ModelSpec model) => Find(catalog, model.PriceAs ?? model.Id);

    /// <summary>The price of a model id; a <c>ft:BASE:…</c> id is charged at its base model's fine-tuned serving rates.</summary>
    /// <param name="catalog">The price catalog, or null for none.</param>
    /// <param name="id">The catalog model id.</param>
    /// <returns>The price, or null when the catalog has no entry.</returns>
    public static Pricing? Find(PriceCatalog? catalog, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
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
    /// <param name="usage">The call's usage as the provider reported it, or null (no tokens).</param>
    /// <returns>The cost.</returns>
    public double Cost(UsageDetails? usage) =>
        Cost(usage?.InputTokenCount ?? 0, usage?.CachedInputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, CacheWriteTokens(usage));

    /// <summary>The cost of one call in USD; cached and cache-written tokens are part of <paramref name="input"/>.</summary>
    /// <param name="input">Prompt tokens, cached and written ones included.</param>
    /// <param name="cached">Prompt tokens read from the provider's cache.</param>
    /// <param name="output">Completion tokens.</param>
    /// <param name="written">Prompt tokens written to the provider's cache, at the write premium where the model has one.</param>
    /// <returns>The cost.</returns>
    public double Cost(double input, double cached, double output, double written = 0) =>
        Price.CallUsd(Math.Max(0, input - written - cached), cached, written, output);

    /// <summary>The prompt tokens a provider reported writing to its cache (<see cref="CallMetadata.CacheWriteTokens"/>), 0 when none.</summary>
    /// <param name="usage">The call's usage, or null.</param>
    /// <returns>The tokens written.</returns>
    public static long CacheWriteTokens(UsageDetails? usage) =>
        usage?.AdditionalCounts?.TryGetValue(CallMetadata.CacheWriteTokens, out var written) == true ? written : 0;
}
