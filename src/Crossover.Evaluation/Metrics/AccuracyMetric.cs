using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Prompts;

namespace Crossover.Evaluation.Metrics;

/// <summary>Share of items whose parsed label is the reference label.</summary>
internal sealed class AccuracyMetric : IMetric
{
    public string Name => MetricNames.Accuracy;

    public string Description => "Share of items whose parsed label is the reference label.";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = [TaskKind.Classification];

    public bool AlwaysScored => true;

    public double? Score(MetricInput input) => input.Parsed is not null && TextNormalizer.Normalize(input.Parsed) == TextNormalizer.Normalize(input.Expected) ? 1 : 0;
}
