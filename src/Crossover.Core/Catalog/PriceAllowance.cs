namespace Crossover.Core.Catalog;

/// <summary>A deliberate difference between the catalog and the community database, with why the catalog is right.</summary>
/// <param name="ModelId">The catalog id.</param>
/// <param name="Field">The field, as in <see cref="PriceDifference.Field"/>; <c>*</c> for every field of the model.</param>
/// <param name="Reason">Why the catalog's price stands (source and date).</param>
public sealed record PriceAllowance(string ModelId, string Field, string Reason);
