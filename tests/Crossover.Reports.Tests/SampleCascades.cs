using Crossover.Evaluation.Cascades;
using Crossover.Routing;

namespace Crossover.Reports.Tests;

/// <summary>A cascade analysis of two candidates and one cascade of them, the cascade recommended.</summary>
internal static class SampleCascades
{
    private static CascadeOption Option(string name, string[] stages, double quality, double costPerRequest, double[] answered, double? threshold = null) => new(
        name, stages, stages.Length > 1 ? CascadeGate.Confidence : CascadeGate.Format, threshold, new CascadeQuality(quality, quality - 0.05, Math.Min(1, quality + 0.04)),
        0.99, costPerRequest, answered, 850, new CascadeComparison(quality - 0.93, quality - 0.98, quality - 0.88, 0.2, "mcnemar"), quality * 400, 400, quality, costPerRequest);

    public static CascadeAnalysis Analysis() => new(
        "tickets-20260101-000000", DateTimeOffset.UnixEpoch, "accuracy", 400, 400, "mini", new CascadeObjective(null, null),
        [
            Option("mini", ["mini"], 0.93, 19.2e-6, [1]),
            Option("nano", ["nano"], 0.71, 3.8e-6, [1]),
            Option("nano>mini@confidence", ["nano", "mini"], 0.92, 11.4e-6, [0.6, 0.4], 0.87),
        ],
        ["nano", "nano>mini@confidence", "mini"], "nano>mini@confidence", "the cheapest option not significantly worse than mini",
        [new("mini", "openai", "gpt-4.1-mini"), new("nano", "openai", "gpt-4.1-nano")], ["billing", "bug"], 1);
}
