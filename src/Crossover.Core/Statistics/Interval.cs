namespace Crossover.Core.Statistics;

/// <summary>A point estimate with its confidence interval.</summary>
/// <param name="Value">The estimate.</param>
/// <param name="Low">The interval's low end.</param>
/// <param name="High">The interval's high end.</param>
public sealed record Interval(double Value, double Low, double High);
