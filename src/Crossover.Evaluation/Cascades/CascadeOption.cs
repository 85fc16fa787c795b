using Crossover.Routing;

namespace Crossover.Evaluation.Cascades;

/// <summary>
/// One option the analysis measured: a single candidate (one stage) or a cascade, its threshold calibrated on the dev
/// split and every figure here measured on the test split.
/// </summary>
/// <param name="Name">The option's name: the candidate, or the stages joined by '&gt;' with '@gate', e.g. <c>nano&gt;mini@confidence</c>.</param>
/// <param name="Stages">Candidate names, cheapest first.</param>
/// <param name="Gate">The gate between stages (format for a single candidate).</param>
/// <param name="Threshold">The threshold chosen on dev (null for the format gate).</param>
/// <param name="Quality">The metric on test with its 95 % interval.</param>
/// <param name="FormatCompliance">Share of accepted answers that parsed and validated.</param>
/// <param name="CostPerRequestUsd">Mean USD per request: every stage called, every sample and judge call.</param>
/// <param name="AnsweredShare">Share of test items each stage answered, in stage order.</param>
/// <param name="LatencyP95Ms">p95 latency, the stages an item went through added up.</param>
/// <param name="VersusStrongest">Paired difference against the strongest single candidate on the same test items.</param>
/// <param name="Correct">The sum of per-item scores (the number right when scores are 0 or 1).</param>
/// <param name="Items">Test items.</param>
/// <param name="DevQuality">The metric on dev at the chosen threshold (what the calibration saw).</param>
/// <param name="DevCostPerRequestUsd">Mean USD per request on dev at the chosen threshold.</param>
public sealed record CascadeOption(
    string Name,
    IReadOnlyList<string> Stages,
    CascadeGate Gate,
    double? Threshold,
    CascadeQuality Quality,
    double FormatCompliance,
    double CostPerRequestUsd,
    IReadOnlyList<double> AnsweredShare,
    double LatencyP95Ms,
    CascadeComparison VersusStrongest,
    double Correct,
    int Items,
    double DevQuality,
    double DevCostPerRequestUsd)
{
    /// <summary>USD per 1,000 requests.</summary>
    public double CostPer1kUsd => CostPerRequestUsd * 1000;

    /// <summary>Whether this is a cascade (two or more stages) rather than a single candidate.</summary>
    public bool IsCascade => Stages.Count > 1;
}
