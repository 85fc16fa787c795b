using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>
/// A quality metric, in the spirit of Microsoft.Extensions.AI.Evaluation's <c>IEvaluator</c>: a name an experiment
/// lists under <c>metrics:</c>, the task kinds it applies to, a per-record score the scorer stores, and a series that
/// aggregates items into an estimate with its interval and compares two candidates on the same items. A new metric is
/// one class registered in a <see cref="MetricRegistry"/>; the reader, scorer, run report and docs iterate the registry.
/// </summary>
public interface IMetric
{
    /// <summary>The name written in <c>metrics:</c> and stored in each record's scores.</summary>
    string Name { get; }

    /// <summary>One line on what it measures (docs/experiment.md lists it).</summary>
    string Description { get; }

    /// <summary>The task kinds it applies to; the reader rejects it for others.</summary>
    IReadOnlyList<TaskKind> TaskKinds { get; }

    /// <summary>
    /// Whether every record of its task kinds stores this score even when the experiment does not ask for it (cheap
    /// scores that cascades and the optimizer read); otherwise only when <c>metrics:</c> names it.
    /// </summary>
    bool AlwaysScored => false;

    /// <summary>Why this metric cannot be measured in an experiment of this task, repeats and judge, or null when it can.</summary>
    /// <param name="task">The task.</param>
    /// <param name="repeats">Samples per item.</param>
    /// <param name="judge">The experiment's judge, when it has one.</param>
    /// <returns>The problem with its fix, or null.</returns>
    MetricProblem? Check(TaskSpec task, int repeats, JudgeSpec? judge) => null;

    /// <summary>Scores one output, or returns null when this metric has no per-record score (it is computed over items or added by the runner).</summary>
    /// <param name="input">The output as the scorer read it.</param>
    /// <returns>The score in [0, 1], or null.</returns>
    double? Score(MetricInput input);

    /// <summary>A new, empty series of this metric for one candidate of a run report; by default the mean over items of the repeats' mean stored score.</summary>
    /// <returns>The series.</returns>
    IMetricSeries CreateSeries() => ItemMeans.OfStoredScore(Name);
}
