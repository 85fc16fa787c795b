using Crossover.LocalModels;

namespace Crossover.Tuning.Jobs;

/// <summary>What a backend may use while it works on a job: the job's record, the clock, the workspace and progress.</summary>
public sealed class TuningBackendContext
{
    private readonly TuningJobStore _store;

    internal TuningBackendContext(TuningJobStore store, TimeProvider time, TuningWorkspace workspace, IProgress<TrainingProgress>? trainingProgress)
    {
        _store = store;
        Time = time;
        Workspace = workspace;
        TrainingProgress = trainingProgress;
    }

    /// <summary>The clock for timestamps and delays.</summary>
    public TimeProvider Time { get; }

    /// <summary>Where files beside the job store go (adapters, data files).</summary>
    public TuningWorkspace Workspace { get; }

    /// <summary>Per-step progress of training in this process, or null.</summary>
    public IProgress<TrainingProgress>? TrainingProgress { get; }

    /// <summary>Records a step of a start that a crash must not lose (an uploaded file's id), stamped with the time.</summary>
    /// <param name="job">The job with the step applied.</param>
    /// <returns>The job as recorded.</returns>
    public TuningJob Save(TuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var saved = job with { UpdatedAt = Time.GetUtcNow() };
        _store.Update(saved);
        return saved;
    }

    /// <summary>Records a job's events; an event already recorded (same id) is kept once.</summary>
    /// <param name="job">The job.</param>
    /// <param name="events">The events.</param>
    public void AddEvents(TuningJob job, IEnumerable<TuningJobEvent> events)
    {
        ArgumentNullException.ThrowIfNull(job);
        _store.AddEvents(job.Id, events);
    }

    /// <summary>The ids of a job's recorded events, so a backend can stop paging at the first one it has seen.</summary>
    /// <param name="job">The job.</param>
    /// <returns>The ids.</returns>
    public IReadOnlySet<string> KnownEventIds(TuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _store.Events(job.Id).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
    }
}
