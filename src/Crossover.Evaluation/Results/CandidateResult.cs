namespace Crossover.Evaluation.Results;

/// <summary>Everything measured for one candidate in a run.</summary>
/// <param name="Name">The candidate.</param>
/// <param name="Provider">Its provider.</param>
/// <param name="Model">Its model id.</param>
/// <param name="Items">Items with at least one answer.</param>
/// <param name="Records">Records (items × repeats), errors included.</param>
/// <param name="Errors">Records that ended with an error after retries.</param>
/// <param name="CacheHits">Records answered from the response cache.</param>
/// <param name="Metrics">Each requested metric with its interval, in the experiment's order.</param>
/// <param name="FormatCompliance">Share of outputs that parsed and validated (always measured).</param>
/// <param name="LatencyMs">Latency percentiles.</param>
/// <param name="Tokens">Tokens per request.</param>
/// <param name="CostPer1kUsd">USD per 1,000 requests at catalog prices, when the model has one.</param>
/// <param name="PriceSource">Where the price comes from.</param>
/// <param name="SampleErrors">Up to three distinct error messages.</param>
public sealed record CandidateResult(
    string Name,
    string Provider,
    string Model,
    int Items,
    int Records,
    int Errors,
    int CacheHits,
    IReadOnlyDictionary<string, MetricResult> Metrics,
    MetricResult FormatCompliance,
    LatencySummary LatencyMs,
    TokenSummary Tokens,
    double? CostPer1kUsd,
    string? PriceSource,
    IReadOnlyList<string> SampleErrors)
{
    /// <summary>Answered records the judge gave no score (its reply did not parse or its call failed); 0 without a judge.</summary>
    public int JudgeErrors { get; init; }

    /// <summary>Up to three distinct judge error messages.</summary>
    public IReadOnlyList<string> SampleJudgeErrors { get; init; } = [];
}
