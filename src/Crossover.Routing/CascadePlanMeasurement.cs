namespace Crossover.Routing;

/// <summary>What the analysis measured for the exported cascade on the run's test split, for the record.</summary>
/// <param name="Metric">The primary metric.</param>
/// <param name="Quality">Its value on the test split.</param>
/// <param name="Low">The 95 % interval's lower bound.</param>
/// <param name="High">The 95 % interval's upper bound.</param>
/// <param name="CostPer1kUsd">USD per 1,000 requests, every stage called included.</param>
/// <param name="Items">Test items.</param>
public sealed record CascadePlanMeasurement(string Metric, double Quality, double Low, double High, double CostPer1kUsd, int Items);
