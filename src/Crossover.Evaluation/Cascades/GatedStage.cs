using Crossover.Routing;

namespace Crossover.Evaluation.Cascades;

/// <summary>The columns one stage of a cascade reads under one gate: its answer, what it costs, and the score the gate compares (null: no score, the format check alone).</summary>
internal readonly record struct GatedStage(double[] Score, bool[] Compliant, double[] Cost, double[] Latency, double[]? Gate)
{
    /// <summary>A stage before the last under <paramref name="gate"/>.</summary>
    public static GatedStage Earlier(StageColumns columns, CascadeGate gate) => gate switch
    {
        CascadeGate.Confidence => new(columns.Score, columns.Compliant, columns.Cost, columns.Latency, columns.Confidence),
        CascadeGate.Agreement => new(columns.MajorityScore, columns.MajorityCompliant, columns.SampledCost, columns.SampledLatency, columns.Agreement),
        CascadeGate.Judge => new(columns.Score, columns.Compliant, columns.CostWithJudge, columns.Latency, columns.Judge),
        _ => new(columns.Score, columns.Compliant, columns.Cost, columns.Latency, null),
    };

    /// <summary>The last stage, which always answers, once.</summary>
    public static GatedStage Last(StageColumns columns) => new(columns.Score, columns.Compliant, columns.Cost, columns.Latency, null);
}
