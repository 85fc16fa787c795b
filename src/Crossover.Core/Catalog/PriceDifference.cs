namespace Crossover.Core.Catalog;

/// <summary>One price on which the catalog and the community database disagree by more than the tolerance.</summary>
/// <param name="ModelId">The catalog id.</param>
/// <param name="DatabaseModelId">The database's id for the same model.</param>
/// <param name="Field">The catalog field (input, cachedInput, cacheWrite, cacheWrite1h, output, or longContext.* for the tier above the threshold).</param>
/// <param name="Catalog">The catalog's price, USD per 1M tokens; null when the catalog has none.</param>
/// <param name="Database">The database's price; null when it has none.</param>
/// <param name="Explanation">The allow-list's reason, when the difference is deliberate.</param>
public sealed record PriceDifference(string ModelId, string DatabaseModelId, string Field, double? Catalog, double? Database, string? Explanation)
{
    /// <summary>The catalog's price relative to the database's (0.25 = 25 % higher), when both exist and the database's is not zero.</summary>
    public double? Relative => Catalog is { } c && Database is { } d && d != 0 ? (c - d) / d : null;
}
