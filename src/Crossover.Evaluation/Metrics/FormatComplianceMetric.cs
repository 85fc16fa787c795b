using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>Share of outputs that parsed and validated in the expected format; every run measures it.</summary>
internal sealed class FormatComplianceMetric : IMetric
{
    public string Name => MetricNames.FormatCompliance;

    public string Description => "Share of outputs that parsed and validated in the expected format (always measured).";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = Enum.GetValues<TaskKind>();

    public bool AlwaysScored => true;

    public double? Score(MetricInput input) => input.Compliant ? 1 : 0;

    // Read from the record's own compliance flag, which every record has (stored scores of errors are empty).
    public IMetricSeries CreateSeries() => new ItemMeans(repeats => repeats.Average(r => r.Compliant ? 1.0 : 0.0));
}
