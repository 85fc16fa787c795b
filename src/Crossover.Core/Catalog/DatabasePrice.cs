namespace Crossover.Core.Catalog;

/// <summary>One price of the community database, USD per 1M tokens, with its first long-context tier when it has one.</summary>
/// <param name="Base">The price below any tier.</param>
/// <param name="TierStart">The prompt length at which the first tier starts, when tiered.</param>
/// <param name="TierPrice">The first tier's price, when tiered.</param>
public sealed record DatabasePrice(double Base, int? TierStart, double? TierPrice);
