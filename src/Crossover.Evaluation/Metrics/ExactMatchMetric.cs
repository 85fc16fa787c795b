using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Prompts;

namespace Crossover.Evaluation.Metrics;

/// <summary>Share of answers equal to the reference after normalization (case, spacing, punctuation).</summary>
internal sealed class ExactMatchMetric : IMetric
{
    public string Name => MetricNames.ExactMatch;

    public string Description => "Share of answers equal to the reference after normalization (case, spacing, punctuation).";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = Enum.GetValues<TaskKind>();

    public bool AlwaysScored => true;

    public double? Score(MetricInput input) => TextNormalizer.Normalize(input.Answer) == TextNormalizer.Normalize(input.Expected) ? 1 : 0;
}
