using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Running;

/// <summary>A model's per-token prices from the catalog; a <c>ft:BASE:…</c> model is priced at its base model's fine-tuned rates.</summary>
/// <param name="Input">USD per 1M uncached input tokens.</param>
/// <param name="CachedInput">USD per 1M cached input tokens.</param>
/// <param name="Output">USD per 1M output tokens.</param>
/// <param name="Source">Where the prices come from.</param>
internal sealed record Pricing(double Input, double CachedInput, double Output, string Source)
{
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

        return new Pricing(entry.Input, entry.CachedInput ?? entry.Input, entry.Output, entry.Source);
    }

    /// <summary>The cost of one call in USD; cached tokens are part of <paramref name="input"/>.</summary>
    public double Cost(double input, double cached, double output) =>
        ((Math.Max(0, input - cached) * Input) + (cached * CachedInput) + (output * Output)) / 1e6;
}
