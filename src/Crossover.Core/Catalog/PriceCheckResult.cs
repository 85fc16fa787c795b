namespace Crossover.Core.Catalog;

/// <summary>The outcome of comparing a catalog with the community price database.</summary>
/// <param name="DatabaseOrigin">Which database (package and version, or file).</param>
/// <param name="DatabaseDate">The database's publication date, when it says.</param>
/// <param name="CatalogDate">The catalog's date (the database's prices in force that day are compared).</param>
/// <param name="Compared">Catalog models the database knows.</param>
/// <param name="Differences">Every price that differs by more than the tolerance, explained or not.</param>
/// <param name="Unknown">Catalog models the database does not know.</param>
/// <param name="UnusedAllowances">Allow-list entries that matched no difference (stale: the catalog or the database changed).</param>
public sealed record PriceCheckResult(
    string DatabaseOrigin,
    DateOnly? DatabaseDate,
    DateOnly CatalogDate,
    IReadOnlyList<string> Compared,
    IReadOnlyList<PriceDifference> Differences,
    IReadOnlyList<string> Unknown,
    IReadOnlyList<PriceAllowance> UnusedAllowances)
{
    /// <summary>Differences the allow-list does not explain.</summary>
    public IEnumerable<PriceDifference> Unexplained => Differences.Where(d => d.Explanation is null);
}
