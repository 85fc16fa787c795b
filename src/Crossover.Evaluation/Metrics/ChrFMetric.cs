using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Scoring;

namespace Crossover.Evaluation.Metrics;

/// <summary>chrF: character n-gram F-score, n = 1..6, β = 2, whitespace removed as in sacreBLEU (Popović 2015).</summary>
internal sealed class ChrFMetric : IMetric
{
    public string Name => MetricNames.ChrF;

    public string Description => "chrF: character n-gram F-score, n = 1..6, β = 2, whitespace removed as in sacreBLEU (Popović 2015).";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = Enum.GetValues<TaskKind>();

    public bool AlwaysScored => false;

    public double? Score(MetricInput input) => TextMetrics.ChrF(input.Answer, input.Expected);
}
