namespace Crossover.Core.Evidence;

/// <summary>What an evaluation run measured for one candidate, as the decision needs it.</summary>
/// <param name="Candidate">The candidate's name in the run.</param>
/// <param name="Model">The model id the candidate called.</param>
/// <param name="Quality">The primary quality metric (0–1), when measured.</param>
/// <param name="QualityLow">Its 95 % interval's low end.</param>
/// <param name="QualityHigh">Its 95 % interval's high end.</param>
/// <param name="FormatCompliance">Share of outputs that parsed and validated, when measured.</param>
/// <param name="InputTokensPerRequest">Mean prompt tokens per request (all of them, cached included).</param>
/// <param name="CachedTokensPerRequest">Mean cached prompt tokens per request.</param>
/// <param name="OutputTokensPerRequest">Mean output tokens per request.</param>
/// <param name="LatencyP95Ms">p95 latency in milliseconds.</param>
/// <param name="Items">Items measured.</param>
public sealed record MeasuredCandidate(
    string Candidate,
    string Model,
    double? Quality,
    double? QualityLow,
    double? QualityHigh,
    double? FormatCompliance,
    double? InputTokensPerRequest,
    double? CachedTokensPerRequest,
    double? OutputTokensPerRequest,
    double? LatencyP95Ms,
    int Items);
