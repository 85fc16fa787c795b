namespace Crossover.Core.Economics;

/// <summary>One bin of a histogram.</summary>
/// <param name="From">Lower edge.</param>
/// <param name="To">Upper edge.</param>
/// <param name="Count">Values in [From, To).</param>
public sealed record HistogramBin(double From, double To, int Count);
