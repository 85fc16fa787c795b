namespace Crossover.Evaluation.Cascades;

/// <summary>An option's test quality minus the strongest single candidate's, paired on the same items.</summary>
/// <param name="Difference">The difference in the metric (points as a fraction: 0.02 is 2 points).</param>
/// <param name="Low">The 95 % interval's low end.</param>
/// <param name="High">The 95 % interval's high end.</param>
/// <param name="PValue">The paired test's p-value.</param>
/// <param name="Test">Which paired test (McNemar for 0/1 scores, paired bootstrap otherwise; docs/statistics.md).</param>
public sealed record CascadeComparison(double Difference, double Low, double High, double PValue, string Test);
