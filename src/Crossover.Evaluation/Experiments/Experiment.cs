using Crossover.Evaluation.Metrics;

namespace Crossover.Evaluation.Experiments;

/// <summary>An experiment: a dataset, a task, candidates to compare, metrics, repeats and call policy (docs/experiment.md).</summary>
/// <param name="Name">The experiment's name.</param>
/// <param name="File">The file it was read from (relative paths inside resolve against its folder).</param>
/// <param name="Dataset">The labeled data.</param>
/// <param name="Task">What the model must do.</param>
/// <param name="Candidates">The candidates compared.</param>
/// <param name="Metrics">Metric names; the first (or <c>primary</c>) is the quality the decision uses.</param>
/// <param name="Primary">The primary metric.</param>
/// <param name="Repeats">Samples per item.</param>
/// <param name="Concurrency">Calls in flight at once.</param>
/// <param name="Temperature">Sampling temperature unless a candidate sets its own.</param>
/// <param name="MaxOutputTokens">Output token cap per call.</param>
/// <param name="Calls">Timeouts and retries.</param>
public sealed record Experiment(
    string Name,
    string File,
    DatasetSpec Dataset,
    TaskSpec Task,
    IReadOnlyList<CandidateSpec> Candidates,
    IReadOnlyList<string> Metrics,
    string Primary,
    int Repeats,
    int Concurrency,
    double? Temperature,
    int? MaxOutputTokens,
    CallPolicy Calls)
{
    /// <summary>The model-as-judge metric's judge, when the experiment has one.</summary>
    public JudgeSpec? Judge { get; init; }

    /// <summary>Scores only these item ids of the evaluated split (the optimizer's dev batches), or every item when null.</summary>
    public IReadOnlySet<string>? OnlyItems { get; init; }

    /// <summary>Things the user should know before any call (e.g. a key variable sent to an endpoint that is not its provider's); the CLI prints them.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether candidates are asked for the answer's token log-probabilities (stored per record; the cascade's confidence gate reads them).</summary>
    public bool LogProbs { get; init; }

    /// <summary>The metrics <see cref="Metrics"/> were read against; the scorer scores from it.</summary>
    public MetricRegistry MetricRegistry { get; init; } = MetricRegistry.Default;
}
