namespace Crossover.Tuning.Jobs;

/// <summary>Where a fine-tuning job stands; the names after <see cref="Pending"/> are the OpenAI fine-tuning API's.</summary>
public enum TuningJobStatus
{
    /// <summary>
    /// Not yet running: recorded locally before the create call answered (no provider job id yet), or accepted by a
    /// provider that reports <c>pending</c> (Azure OpenAI's create answer; the job then has its provider job id).
    /// </summary>
    Pending,

    /// <summary>The provider is checking the training file.</summary>
    ValidatingFiles,

    /// <summary>Waiting for capacity at the provider.</summary>
    Queued,

    /// <summary>Training.</summary>
    Running,

    /// <summary>Done; the tuned model is ready.</summary>
    Succeeded,

    /// <summary>Ended with an error.</summary>
    Failed,

    /// <summary>Cancelled by the user.</summary>
    Cancelled,
}

/// <summary>Wire names of <see cref="TuningJobStatus"/>.</summary>
public static class TuningJobStatuses
{
    /// <summary>The status's wire name (e.g. <c>validating_files</c>).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string Name(this TuningJobStatus status) => status switch
    {
        TuningJobStatus.Pending => "pending",
        TuningJobStatus.ValidatingFiles => "validating_files",
        TuningJobStatus.Queued => "queued",
        TuningJobStatus.Running => "running",
        TuningJobStatus.Succeeded => "succeeded",
        TuningJobStatus.Failed => "failed",
        _ => "cancelled",
    };

    /// <summary>The status for a wire name; unknown names (a provider adding states) read as <see cref="TuningJobStatus.Running"/>.</summary>
    /// <param name="name">The wire name.</param>
    /// <returns>The status.</returns>
    public static TuningJobStatus Parse(string name) => name switch
    {
        "pending" => TuningJobStatus.Pending,
        "validating_files" => TuningJobStatus.ValidatingFiles,
        "queued" => TuningJobStatus.Queued,
        "succeeded" => TuningJobStatus.Succeeded,
        "failed" => TuningJobStatus.Failed,
        "cancelled" => TuningJobStatus.Cancelled,
        _ => TuningJobStatus.Running,
    };

    /// <summary>Whether the job can change no more.</summary>
    /// <param name="status">The status.</param>
    /// <returns>True for succeeded, failed and cancelled.</returns>
    public static bool IsTerminal(this TuningJobStatus status) => status is TuningJobStatus.Succeeded or TuningJobStatus.Failed or TuningJobStatus.Cancelled;
}
