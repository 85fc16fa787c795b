using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>F1 of field precision and recall.</summary>
internal sealed class FieldF1Metric : IMetric
{
    public string Name => MetricNames.FieldF1;

    public string Description => "F1 of field precision and recall.";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = [TaskKind.Extraction];

    public bool AlwaysScored => true;

    public double? Score(MetricInput input) => input.Fields is { } fields ? (fields.Precision + fields.Recall == 0 ? 0 : 2 * fields.Precision * fields.Recall / (fields.Precision + fields.Recall)) : null;
}
