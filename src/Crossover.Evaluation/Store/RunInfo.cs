namespace Crossover.Evaluation.Store;

/// <summary>A run's header: which experiment, when, and what it measures.</summary>
/// <param name="Id">The run id.</param>
/// <param name="Name">The experiment's name.</param>
/// <param name="ExperimentFile">The experiment file's full path.</param>
/// <param name="ExperimentText">The experiment file's text when the run started (resume uses it).</param>
/// <param name="CreatedAt">When the run started.</param>
/// <param name="Primary">The primary metric.</param>
/// <param name="Metrics">Every metric, comma-separated.</param>
/// <param name="Candidates">The candidates, in the experiment's order.</param>
public sealed record RunInfo(string Id, string Name, string ExperimentFile, string ExperimentText, DateTimeOffset CreatedAt, string Primary, string Metrics, IReadOnlyList<RunCandidate> Candidates)
{
    /// <summary>The judge model, when the experiment has a judge (null in runs stored before it was kept).</summary>
    public RunModel? Judge { get; init; }
}
