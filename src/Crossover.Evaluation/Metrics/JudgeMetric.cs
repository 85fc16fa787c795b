using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>
/// The judge model's grade scaled to 0–1. The runner adds it to each record after the judge's call (the scorer has no
/// model to call); an item the judge gave no score is left out of the mean, not counted as a fail.
/// </summary>
internal sealed class JudgeMetric : IMetric
{
    public string Name => MetricNames.Judge;

    public string Description => "The judge model's grade against the rubric, scaled to 0–1; items the judge could not grade are left out.";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = Enum.GetValues<TaskKind>();

    public MetricProblem? Check(TaskSpec task, int repeats, JudgeSpec? judge) =>
        judge is null ? new MetricProblem($"{Name} needs a judge block", "add judge: { model: { provider: openai, id: gpt-4.1 }, rubric: \"…\", scale: 1-5 }") : null;

    // Graded by the runner's judge call, not by the scorer.
    public double? Score(MetricInput input) => null;

    public IMetricSeries CreateSeries() => new GradedMeans(Name);
}
