using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>Whether the raw output matches the task's <c>regex</c>.</summary>
internal sealed class RegexMetric : IMetric
{
    public string Name => MetricNames.Regex;

    public string Description => "Share of raw outputs that match task.regex.";

    public IReadOnlyList<TaskKind> TaskKinds { get; } = Enum.GetValues<TaskKind>();

    public bool AlwaysScored => true;

    public MetricProblem? Check(TaskSpec task, int repeats, JudgeSpec? judge) =>
        task.Regex is null ? new MetricProblem($"{Name} needs task.regex to be set", "add task.regex: …") : null;

    // Regex's static cache keeps the compiled pattern between calls.
    public double? Score(MetricInput input) =>
        input.Task.Regex is { } pattern ? (System.Text.RegularExpressions.Regex.IsMatch(input.Output, pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)) ? 1 : 0) : null;
}
