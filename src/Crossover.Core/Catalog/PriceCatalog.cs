using Crossover.Core.Input;

namespace Crossover.Core.Catalog;

/// <summary>A dated set of model and GPU prices. Later layers (a user catalog, inline profile prices) override earlier ones by id.</summary>
/// <param name="Date">When the prices were read.</param>
/// <param name="Currency">The currency of every figure (USD).</param>
/// <param name="Models">Hosted model prices.</param>
/// <param name="Gpus">GPU hourly prices.</param>
public sealed record PriceCatalog(DateOnly Date, string Currency, IReadOnlyList<ModelPrice> Models, IReadOnlyList<GpuPrice> Gpus)
{
    /// <summary>Finds a model by id (case-insensitive); a <c>ft:BASE:…</c> id resolves to its base model.</summary>
    /// <param name="id">The model id.</param>
    /// <returns>The entry, or null.</returns>
    public ModelPrice? FindModel(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var match = Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));
        if (match is null && id.StartsWith("ft:", StringComparison.OrdinalIgnoreCase))
        {
            var parts = id.Split(':');
            return parts.Length > 1 ? FindModel(parts[1]) : null;
        }

        return match;
    }

    /// <summary>Finds a GPU by id (case-insensitive).</summary>
    /// <param name="id">The GPU id.</param>
    /// <returns>The entry, or null.</returns>
    public GpuPrice? FindGpu(string id) =>
        Gpus.FirstOrDefault(g => string.Equals(g.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The hint for a model id this catalog lacks: "did you mean" the closest model id when one is near enough to be a typo.</summary>
    /// <param name="id">The id that was not found.</param>
    /// <param name="otherwise">The hint when no id is close, e.g. where to find the ids.</param>
    /// <returns>The hint.</returns>
    public string ModelHint(string id, string otherwise) => Hint(id, Models.Select(m => m.Id), otherwise);

    /// <summary>The hint for a GPU id this catalog lacks: "did you mean" the closest GPU id when one is near enough to be a typo.</summary>
    /// <param name="id">The id that was not found.</param>
    /// <param name="otherwise">The hint when no id is close.</param>
    /// <returns>The hint.</returns>
    public string GpuHint(string id, string otherwise) => Hint(id, Gpus.Select(g => g.Id), otherwise);

    /// <summary>The hint for an id that is neither a model nor a GPU here: "did you mean" the closest of either.</summary>
    /// <param name="id">The id that was not found.</param>
    /// <param name="otherwise">The hint when no id is close.</param>
    /// <returns>The hint.</returns>
    public string IdHint(string id, string otherwise) => Hint(id, Models.Select(m => m.Id).Concat(Gpus.Select(g => g.Id)), otherwise);

    /// <summary>Layers another catalog over this one: its entries replace same-id entries here, new ids are added.</summary>
    /// <param name="overrides">The catalog to layer on top.</param>
    /// <returns>The combined catalog, dated with the later of the two dates.</returns>
    public PriceCatalog OverriddenBy(PriceCatalog overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var models = Models.Where(m => overrides.Models.All(o => !string.Equals(o.Id, m.Id, StringComparison.OrdinalIgnoreCase)))
            .Concat(overrides.Models).ToList();
        var gpus = Gpus.Where(g => overrides.FindGpu(g.Id) is null).Concat(overrides.Gpus).ToList();
        return new PriceCatalog(Date > overrides.Date ? Date : overrides.Date, Currency, models, gpus);
    }

    private static string Hint(string id, IEnumerable<string> ids, string otherwise)
    {
        ArgumentNullException.ThrowIfNull(id);
        return YamlMap.Closest(id, ids) is { } closest ? $"did you mean '{closest}'?" : otherwise;
    }
}
