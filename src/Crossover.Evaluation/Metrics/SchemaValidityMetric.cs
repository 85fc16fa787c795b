using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>Share of outputs that are JSON satisfying the task's outputSchema.</summary>
internal sealed class SchemaValidityMetric : IMetric
{
    public string Name => MetricNames.SchemaValidity;

    public string Description => "Share of outputs that are JSON satisfying the task's outputSchema.";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = [TaskKind.Extraction];

    public bool AlwaysScored => true;

    public double? Score(MetricInput input) => input.Fields is { } fields ? (fields.SchemaValid ? 1 : 0) : null;
}
