namespace Crossover.Evaluation.Cascades;

/// <summary>
/// One candidate's measurements on one split, one entry per item (struct of arrays, so a simulation over a threshold
/// grid is a few array reads per item). "Single" columns are the answer of repeat 0, what a deployment calling once
/// gets; the agreement gate samples every repeat, so it has its own answer (the majority), cost (all samples) and
/// latency (the slowest sample: samples run in parallel).
/// </summary>
internal sealed class StageColumns(int items)
{
    public double[] Score { get; } = new double[items];

    public bool[] Compliant { get; } = new bool[items];

    public double[] Cost { get; } = new double[items];

    public double[] Latency { get; } = new double[items];

    /// <summary>exp(mean token log-probability) of repeat 0's answer; NaN when the record has none.</summary>
    public double[] Confidence { get; } = new double[items];

    /// <summary>The judge's score of repeat 0's answer; NaN when the judge gave none.</summary>
    public double[] Judge { get; } = new double[items];

    /// <summary>Repeat 0's cost plus the judge call's when the answer passed the format check (the judge is only asked then).</summary>
    public double[] CostWithJudge { get; } = new double[items];

    /// <summary>Share of repeats that gave the majority answer.</summary>
    public double[] Agreement { get; } = new double[items];

    public double[] MajorityScore { get; } = new double[items];

    public bool[] MajorityCompliant { get; } = new bool[items];

    public double[] SampledCost { get; } = new double[items];

    public double[] SampledLatency { get; } = new double[items];

    public int Count => Score.Length;

    public bool HasConfidence => Confidence.Any(c => !double.IsNaN(c));

    public bool HasJudge => Judge.Any(j => !double.IsNaN(j));
}
