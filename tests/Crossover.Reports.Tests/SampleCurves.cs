using Crossover.Evaluation.Curves;
using Crossover.Evaluation.Results;

namespace Crossover.Reports.Tests;

/// <summary>A learning curve of five sizes against a few-shot prompt at 84 %: 500 examples is the first size whose interval clears it.</summary>
internal static class SampleCurves
{
    public static LearningCurve Support(bool withBaseline = true, double? costPerLabel = 0.40) => new(
        "support-curve-20261120-140500",
        "support replies",
        "rubric",
        "/models/llama-3.2-1b",
        1_200,
        [
            Point(50, 0.62, 0.55, 0.69, 9_000, 40),
            Point(100, 0.71, 0.64, 0.77, 18_000, 75),
            Point(200, 0.79, 0.73, 0.84, 36_000, 150),
            Point(500, 0.90, 0.86, 0.93, 90_000, 380),
            Point(1_000, 0.92, 0.88, 0.95, 180_000, 760),
        ],
        withBaseline ? new CurveBaseline("support-curve-20261120-140500", "gpt41-fewshot", "gpt-4.1", new MetricResult(0.84, 0.80, 0.88, "wilson")) : null,
        costPerLabel,
        new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero));

    private static CurvePoint Point(int examples, double value, double low, double high, long tokens, double seconds) =>
        new(examples, $"curve-{examples}", $"/curves/curve-{examples}", new MetricResult(value, low, high, "wilson"), 200, tokens, seconds);
}
