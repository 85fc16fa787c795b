using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>Share of the reference's JSON fields that the answer has.</summary>
internal sealed class FieldRecallMetric : IMetric
{
    public string Name => MetricNames.FieldRecall;

    public string Description => "Share of the reference's JSON fields that the answer has.";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = [TaskKind.Extraction];

    public bool AlwaysScored => true;

    public double? Score(MetricInput input) => input.Fields?.Recall;
}
