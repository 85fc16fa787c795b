using Crossover.Core.Input;

namespace Crossover.Tuning.Jobs;

/// <summary>
/// A backend whose jobs run at a provider: <see cref="ITuningBackend.StartAsync"/> submits the job and returns once the
/// provider has accepted it (with its provider job id), and the job's progress is asked for until it ends.
/// </summary>
public interface IRemoteTuningBackend : ITuningBackend
{
    /// <summary>Asks the provider how a job it accepted stands; called only for jobs with a provider job id, not yet ended.</summary>
    /// <param name="job">The job.</param>
    /// <param name="context">The job's record (new events go there) and clock.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job as the provider now sees it; the caller records it.</returns>
    /// <exception cref="InputException">The provider refuses or cannot be reached.</exception>
    Task<TuningJob> RefreshAsync(TuningJob job, TuningBackendContext context, CancellationToken cancellationToken);

    /// <summary>Asks the provider to cancel a job it accepted and not yet ended.</summary>
    /// <param name="job">The job.</param>
    /// <param name="context">The job's record and clock.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job as the provider now sees it; the caller records it.</returns>
    /// <exception cref="InputException">The provider refuses or cannot be reached.</exception>
    Task<TuningJob> CancelAsync(TuningJob job, TuningBackendContext context, CancellationToken cancellationToken);
}
