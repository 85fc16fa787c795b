using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;

namespace Crossover.Tuning.Jobs;

/// <summary>
/// Where a fine-tuning job trains. A backend only talks to its trainer; recording the job, its status transitions,
/// idempotency, resuming and the tuned candidate belong to <see cref="TuningJobs"/>, so a new backend is one class
/// registered in <see cref="TuningBackends"/> (docs/tuning-jobs.md, "Backends"). A backend that implements only this
/// interface trains in the process that starts the job: the job has ended when <see cref="StartAsync"/> returns, and a row
/// of it left unfinished belongs to a process that died. One whose jobs run at a provider implements
/// <see cref="IRemoteTuningBackend"/>.
/// </summary>
public interface ITuningBackend
{
    /// <summary>The name <c>tune start --backend</c> takes and the job store records (e.g. <c>openai-compatible</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Checks a request before anything is recorded or sent, and says where it goes: the provider, endpoint and base
    /// model recorded with the job and hashed into its idempotency key.
    /// </summary>
    /// <param name="request">What to tune.</param>
    /// <returns>The target.</returns>
    /// <exception cref="InputException">The request cannot go to this backend (no endpoint, a key not set…).</exception>
    TuningTarget Target(TuningRequest request);

    /// <summary>
    /// Starts a job recorded as <see cref="TuningJobStatus.Pending"/> (<see cref="TuningJobStatus.Running"/> when it trains
    /// in process). Steps worth keeping across a crash (an uploaded file's id) are recorded with
    /// <see cref="TuningBackendContext.Save"/> as they happen.
    /// </summary>
    /// <param name="job">The job as recorded; it carries the base model, files and hyper-parameters.</param>
    /// <param name="resuming">True when the row was left by a start that did not finish: the job may already exist at the provider.</param>
    /// <param name="context">The job's record, clock, workspace and progress.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The job as the backend now sees it (status, provider job id, tuned model…); the caller records it.</returns>
    /// <exception cref="InputException">The trainer refuses or cannot be reached, or the data or model cannot be read.</exception>
    Task<TuningJob> StartAsync(TuningJob job, bool resuming, TuningBackendContext context, CancellationToken cancellationToken);

    /// <summary>The model a succeeded job's candidate calls.</summary>
    /// <param name="job">A succeeded job (its <see cref="TuningJob.FineTunedModel"/> is set).</param>
    /// <returns>The model spec written to the experiment.</returns>
    ModelSpec Candidate(TuningJob job);
}
