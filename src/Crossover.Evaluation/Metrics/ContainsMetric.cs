using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>Whether the raw output contains the task's <c>contains</c> text, ignoring case.</summary>
internal sealed class ContainsMetric : IMetric
{
    public string Name => MetricNames.Contains;

    public string Description => "Share of raw outputs that contain task.contains, ignoring case.";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = Enum.GetValues<TaskKind>();

    public bool AlwaysScored => true;

    public MetricProblem? Check(TaskSpec task, int repeats, JudgeSpec? judge) =>
        task.Contains is null ? new MetricProblem($"{Name} needs task.contains to be set", "add task.contains: …") : null;

    public double? Score(MetricInput input) =>
        input.Task.Contains is { } text ? (input.Output.Contains(text, StringComparison.OrdinalIgnoreCase) ? 1 : 0) : null;
}
