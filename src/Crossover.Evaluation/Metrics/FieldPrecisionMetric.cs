using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>Share of the answer's JSON fields (path = normalized value) that are in the reference.</summary>
internal sealed class FieldPrecisionMetric : IMetric
{
    public string Name => MetricNames.FieldPrecision;

    public string Description => "Share of the answer's JSON fields (path = normalized value) that are in the reference.";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = [TaskKind.Extraction];

    public bool AlwaysScored => true;

    public double? Score(MetricInput input) => input.Fields?.Precision;
}
