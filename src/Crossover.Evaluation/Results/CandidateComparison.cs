using Crossover.Core.Statistics;

namespace Crossover.Evaluation.Results;

/// <summary>Two candidates compared on the primary metric over the items both answered.</summary>
/// <param name="First">The first candidate.</param>
/// <param name="Second">The second candidate.</param>
/// <param name="Metric">The metric compared.</param>
/// <param name="Result">Difference (first − second), interval, p-value, test and items needed.</param>
/// <param name="Verdict">"A is better", "B is better" or "not separable": a winner is named only when p &lt; 0.05.</param>
public sealed record CandidateComparison(string First, string Second, string Metric, PairedComparison Result, string Verdict);
