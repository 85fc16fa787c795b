using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Prompts;

namespace Crossover.Evaluation.Metrics;

/// <summary>Share of an item's repeats that give its most common answer (self-consistency under sampling).</summary>
internal sealed class ConsistencyMetric : IMetric
{
    public string Name => MetricNames.Consistency;

    public string Description => "Share of an item's repeats that agree with its most common answer (needs repeats of 2 or more).";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = Enum.GetValues<TaskKind>();

    public MetricProblem? Check(TaskSpec task, int repeats, JudgeSpec? judge) =>
        repeats < 2 ? new MetricProblem($"{Name} needs repeats of 2 or more", $"set repeats: 3, or drop {Name}") : null;

    // Computed over an item's repeats, not per record.
    public double? Score(MetricInput input) => null;

    public IMetricSeries CreateSeries() => new ItemMeans(repeats =>
    {
        var answers = repeats.Select(r => r.Parsed ?? TextNormalizer.Normalize(r.Output ?? string.Empty)).ToList();
        return answers.GroupBy(a => a, StringComparer.OrdinalIgnoreCase).Max(g => g.Count()) / (double)answers.Count;
    });
}
