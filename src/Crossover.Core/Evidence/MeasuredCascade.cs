namespace Crossover.Core.Evidence;

/// <summary>
/// What a cascade analysis measured for one cascade on its run's test split (thresholds calibrated on dev), as the
/// decision needs it for the hybrid option: the measured quality and cost per request replace the profile's assumed
/// share and quality. Read with <c>Crossover.Evaluation.Cascades.CascadeStore.Measured</c>.
/// </summary>
/// <param name="RunId">The run the cascade was measured on.</param>
/// <param name="Name">The cascade, e.g. <c>nano&gt;mini@confidence</c>.</param>
/// <param name="Stages">Its candidates, cheapest first.</param>
/// <param name="Correct">The sum of per-item scores on test (items right, when scores are 0 or 1).</param>
/// <param name="Total">Test items.</param>
/// <param name="QualityLow">The 95 % interval's low end of Correct / Total.</param>
/// <param name="QualityHigh">Its high end.</param>
/// <param name="CostPerRequestUsd">Mean USD per request, every stage, sample and judge call included.</param>
/// <param name="FormatCompliance">Share of accepted answers that parsed and validated.</param>
/// <param name="LatencyP95Ms">p95 latency, the stages an item went through added up.</param>
/// <param name="FirstStageShare">Share of requests the first (cheapest) stage answered.</param>
public sealed record MeasuredCascade(
    string RunId,
    string Name,
    IReadOnlyList<string> Stages,
    double Correct,
    int Total,
    double QualityLow,
    double QualityHigh,
    double CostPerRequestUsd,
    double FormatCompliance,
    double LatencyP95Ms,
    double FirstStageShare)
{
    /// <summary>The measured quality, Correct / Total.</summary>
    public double Quality => Total == 0 ? 0 : Correct / Total;
}
