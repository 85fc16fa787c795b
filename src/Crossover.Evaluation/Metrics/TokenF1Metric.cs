using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Scoring;

namespace Crossover.Evaluation.Metrics;

/// <summary>Token-level F1 of the answer against the reference (SQuAD v1.1 evaluation script, Rajpurkar et al. 2016).</summary>
internal sealed class TokenF1Metric : IMetric
{
    public string Name => MetricNames.TokenF1;

    public string Description => "Token-level F1 of the answer against the reference (SQuAD v1.1 evaluation script, Rajpurkar et al. 2016).";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = Enum.GetValues<TaskKind>();

    public bool AlwaysScored => false;

    public double? Score(MetricInput input) => TextMetrics.TokenF1(input.Answer, input.Expected);
}
