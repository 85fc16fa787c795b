namespace Crossover.Evaluation.Results;

/// <summary>Latency percentiles of answered calls, in milliseconds.</summary>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="P99">99th percentile.</param>
public sealed record LatencySummary(double P50, double P95, double P99);
