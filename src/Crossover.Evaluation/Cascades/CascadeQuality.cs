namespace Crossover.Evaluation.Cascades;

/// <summary>A quality on the test split with its 95 % interval.</summary>
/// <param name="Value">The mean per-item score (0–1).</param>
/// <param name="Low">The interval's low end.</param>
/// <param name="High">The interval's high end.</param>
public sealed record CascadeQuality(double Value, double Low, double High);
