using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>Unweighted mean of per-class F1 over the reference classes, bootstrapped over items; an unparsed answer is a miss of its class.</summary>
internal sealed class MacroF1Metric : IMetric
{
    public string Name => MetricNames.MacroF1;

    public string Description => "Unweighted mean of per-class F1 over the reference classes; an unparsed answer is a miss of its true class.";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = [TaskKind.Classification];

    // Computed over items, not per record.
    public double? Score(MetricInput input) => null;

    public IMetricSeries CreateSeries() => new MacroF1Series();
}
