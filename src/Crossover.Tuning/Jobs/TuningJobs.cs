using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.LocalModels;
using Crossover.Tuning.Data;

namespace Crossover.Tuning.Jobs;

/// <summary>
/// The lifecycle of fine-tuning jobs on any <see cref="ITuningBackend"/>: one live job per idempotency key, the row written
/// before the trainer is asked, status transitions recorded in the <see cref="TuningJobStore"/>, an interrupted start
/// resumed, and a succeeded job's model appended to its experiment as a candidate, once (docs/tuning-jobs.md).
/// </summary>
public sealed class TuningJobs
{
    /// <summary>The <c>openai-compatible</c> backend name.</summary>
    public const string RemoteBackend = "openai-compatible";

    /// <summary>The <c>local</c> backend name.</summary>
    public const string LocalBackend = "local";

    private readonly TuningJobStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the service over the default backends (<see cref="TuningBackends.Default"/>).</summary>
    /// <param name="store">Where jobs are recorded.</param>
    /// <param name="time">The clock for timestamps and polling.</param>
    /// <param name="http">The HTTP client for remote calls (its own timeout is not used: each attempt has one).</param>
    public TuningJobs(TuningJobStore store, TimeProvider time, HttpClient http)
        : this(store, time, TuningBackends.Default(http, time))
    {
    }

    /// <summary>Creates the service over the given backends.</summary>
    /// <param name="store">Where jobs are recorded.</param>
    /// <param name="time">The clock for timestamps and polling.</param>
    /// <param name="backends">The backends jobs can run on, by name.</param>
    public TuningJobs(TuningJobStore store, TimeProvider time, TuningBackends backends)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(backends);
        _store = store;
        _time = time;
        Backends = backends;
        Workspace = TuningWorkspace.Beside(store.Path);
    }

    /// <summary>The job store.</summary>
    public TuningJobStore Store => _store;

    /// <summary>The backends jobs can run on.</summary>
    public TuningBackends Backends { get; }

    /// <summary>The folder beside the store where job files and adapters go.</summary>
    public TuningWorkspace Workspace { get; }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The hash.</returns>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// The idempotency key of a request: SHA-256 over backend, endpoint, base model, hyper-parameters, the training file's
    /// hash and, when there is one, the validation file's hash (left out otherwise, so jobs recorded before validation
    /// files keep their keys).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="trainingSha256">The training file's SHA-256.</param>
    /// <param name="validationSha256">The validation file's SHA-256, or null when there is none.</param>
    /// <returns>The key (hex).</returns>
    /// <exception cref="InputException">The request's backend is unknown or refuses it.</exception>
    public string IdempotencyKey(TuningRequest request, string trainingSha256, string? validationSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Key(request.BackendName, Backends.Get(request.BackendName).Target(request), request.Hyperparameters, trainingSha256, validationSha256);
    }

    /// <summary>
    /// Starts a job on the request's backend, unless a live job with the same key exists. The hyper-parameters and the
    /// request are checked before anything is recorded or sent. The row is written before the trainer is asked, so a
    /// start that crashes is finished by running the same start again: the row is found by its key and the backend
    /// resumes it (a remote job the provider already made is found, not made twice). A backend that trains in process
    /// has finished when this returns: its job is recorded as succeeded, failed (the error re-thrown) or cancelled.
    /// </summary>
    /// <param name="request">What to tune.</param>
    /// <param name="trainingProgress">Per-step progress of training in this process, or null.</param>
    /// <param name="cancellationToken">Cancels the start (a remote row stays, to be resumed; an in-process job is recorded as cancelled).</param>
    /// <returns>The job and whether it already existed.</returns>
    /// <exception cref="InputException">An option is out of range, the backend refuses the request, or the trainer fails.</exception>
    public async Task<JobStart> StartAsync(TuningRequest request, IProgress<TrainingProgress>? trainingProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Hyperparameters.Validate();
        var backend = Backends.Get(request.BackendName);
        var target = backend.Target(request);
        var (sha, validationSha) = (Sha256(request.TrainingFile), request.ValidationFile is { } v ? Sha256(v) : null);
        var key = Key(backend.Name, target, request.Hyperparameters, sha, validationSha);
        var inProcess = backend is not IRemoteTuningBackend;
        using var claim = await ClaimAsync(key, cancellationToken);
        var job = _store.FindLive(key);
        if (job is not null && (job.Status == TuningJobStatus.Succeeded || (!inProcess && job.ProviderJobId is not null)))
        {
            return new JobStart(EnsureCandidate(job), Existing: true);
        }

        if (job is not null && inProcess)
        {
            // A job trained in process lives in the process that ran it; a row still unfinished belongs to a process that ended.
            Save(job with { Status = TuningJobStatus.Failed, Error = "interrupted: the process training it ended", FinishedAt = _time.GetUtcNow() });
            job = null;
        }

        var resuming = job is not null;
        if (job is null)
        {
            job = NewJob(request, backend.Name, target, key, sha, validationSha, inProcess ? TuningJobStatus.Running : TuningJobStatus.Pending);
            if (_store.AddUnlessLive(job) is { } concurrent)
            {
                // Another process started this job a moment ago: it submits; this one submits nothing.
                return new JobStart(concurrent, Existing: true);
            }
        }

        var context = Context(trainingProgress);
        if (!inProcess)
        {
            return new JobStart(Record(job, await backend.StartAsync(job, resuming, context, cancellationToken)), Existing: false);
        }

        TuningJob trained;
        try
        {
            trained = await backend.StartAsync(job, resuming, context, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Save(job with { Status = TuningJobStatus.Cancelled, Error = "training was interrupted", FinishedAt = _time.GetUtcNow() });
            throw;
        }
        catch (InputException ex)
        {
            _store.AddEvents(job.Id, [new TuningJobEvent($"{backend.Name}-error", _time.GetUtcNow(), "error", ex.Message)]);
            Save(job with { Status = TuningJobStatus.Failed, Error = ex.Message, FinishedAt = _time.GetUtcNow() });
            throw;
        }

        // Outside the catch: a candidate that cannot be appended is the experiment's problem, not a failed training.
        return new JobStart(Record(job, trained), Existing: false);
    }

    /// <summary>Fetches a job's status and events from its provider, records them, and adds the tuned candidate on success.</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The job as now recorded.</returns>
    /// <exception cref="InputException">The endpoint is unreachable or refuses, or the key is missing.</exception>
    public async Task<TuningJob> RefreshAsync(TuningJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        // Jobs trained in process, jobs not yet accepted and ended jobs have nothing new at the provider.
        if (job.ProviderJobId is null || job.Status.IsTerminal() || Backends.Get(job.Backend) is not IRemoteTuningBackend remote)
        {
            return EnsureCandidate(job);
        }

        return Record(job, await remote.RefreshAsync(job, Context(null), cancellationToken));
    }

    /// <summary>Polls until the job ends or <paramref name="limit"/> passes.</summary>
    /// <param name="job">The job.</param>
    /// <param name="pollInterval">Time between polls.</param>
    /// <param name="limit">How long to wait at most; null waits until the job ends.</param>
    /// <param name="onPoll">Called after each poll (progress output).</param>
    /// <param name="cancellationToken">Stops waiting (the job keeps running at the provider).</param>
    /// <returns>The job as last seen.</returns>
    public async Task<TuningJob> WaitAsync(TuningJob job, TimeSpan pollInterval, TimeSpan? limit, Action<TuningJob>? onPoll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var deadline = limit is { } l ? _time.GetUtcNow() + l : (DateTimeOffset?)null;
        job = await RefreshAsync(job, cancellationToken);
        onPoll?.Invoke(job);
        while (!job.Status.IsTerminal() && (deadline is null || _time.GetUtcNow() + pollInterval <= deadline))
        {
            await Task.Delay(pollInterval, _time, cancellationToken);
            job = await RefreshAsync(job, cancellationToken);
            onPoll?.Invoke(job);
        }

        return job;
    }

    /// <summary>Asks the provider to cancel a job and records what it answers.</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job as now recorded.</returns>
    /// <exception cref="InputException">The job is trained in process, already ended, or the endpoint refuses.</exception>
    public async Task<TuningJob> CancelAsync(TuningJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Status.IsTerminal())
        {
            throw new InputException($"job {job.Id} has already ended ({job.Status.Name()})");
        }

        if (Backends.Get(job.Backend) is not IRemoteTuningBackend remote)
        {
            throw new InputException($"job {job.Id} runs in the process of 'crossover tune start'", hint: "stop that process with Ctrl+C");
        }

        if (job.ProviderJobId is null)
        {
            return Save(job with { Status = TuningJobStatus.Cancelled, Error = "cancelled before the provider accepted it", FinishedAt = _time.GetUtcNow() });
        }

        return Record(job, await remote.CancelAsync(job, Context(null), cancellationToken));
    }

    /// <summary>The model ids an OpenAI-compatible endpoint serves (<c>GET /models</c>).</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="http">The HTTP client.</param>
    /// <param name="time">The clock for retry delays.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ids.</returns>
    /// <exception cref="InputException">The endpoint is unreachable or refuses, or the key is missing.</exception>
    public static Task<IReadOnlyList<string>> ServedModelsAsync(FineTuningEndpoint endpoint, HttpClient http, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return OpenAiCompatibleBackend.ServedModelsAsync(endpoint, http, time, cancellationToken);
    }

    /// <summary>The candidate a succeeded job becomes.</summary>
    /// <param name="job">A succeeded job.</param>
    /// <returns>The model spec written to the experiment.</returns>
    /// <exception cref="InputException">The job's backend is not registered.</exception>
    public ModelSpec CandidateModel(TuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Backends.Get(job.Backend).Candidate(job);
    }

    private static string Key(string backend, TuningTarget target, TuningHyperparameters hp, string trainingSha256, string? validationSha256)
    {
        var parts = new[]
        {
            backend,
            target.BaseUrl is { } url ? $"{target.Provider} {url.TrimEnd('/')}" : string.Empty,
            target.BaseModel,
            string.Create(CultureInfo.InvariantCulture, $"epochs={hp.Epochs} batch={hp.BatchSize} lrm={hp.LearningRateMultiplier:R} seed={hp.Seed} suffix={hp.Suffix}"),
            trainingSha256,
        };
        if (validationSha256 is not null)
        {
            parts = [.. parts, "validation=" + validationSha256];
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
    }

    private TuningBackendContext Context(IProgress<TrainingProgress>? trainingProgress) => new(_store, _time, Workspace, trainingProgress);

    /// <summary>
    /// Holds an exclusive lock on a file named by the idempotency key while a start uploads and submits: a second
    /// process starting the same job waits, then finds the job the first one submitted. The operating system releases
    /// the lock when a process dies, so a crashed start is recovered by the next one.
    /// </summary>
    private async Task<FileStream> ClaimAsync(string key, CancellationToken cancellationToken)
    {
        var path = Workspace.StartLock(key);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TuningJob NewJob(TuningRequest request, string backend, TuningTarget target, string key, string sha, string? validationSha, TuningJobStatus status)
    {
        var now = _time.GetUtcNow();
        var hp = request.Hyperparameters;
        var id = string.Create(CultureInfo.InvariantCulture, $"tj-{now:yyyyMMdd-HHmmss}-{key[..6]}");
        // A rerun of a job that ended at once (failed, cancelled) can fall in the same second: it is a new job, so it gets a new id.
        for (var n = 2; _store.Find(id) is not null; n++)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"tj-{now:yyyyMMdd-HHmmss}-{key[..6]}-{n}");
        }

        var name = "tuned-" + (hp.Suffix ?? id[3..]);
        return new TuningJob(
            id, key, backend, target.Provider, target.BaseUrl, target.ApiVersion, target.ApiKeyEnv, target.BaseModel, Path.GetFullPath(request.ExperimentPath),
            name, false, hp, Path.GetFullPath(request.TrainingFile), sha, null, null, status, null, null, null, now, now, null,
            request.ValidationFile is { } v ? Path.GetFullPath(v) : null, validationSha, null);
    }

    /// <summary>
    /// Records what a backend says about a job, compared with the row as stored (a job that reaches an end without a
    /// time gets now), and adds the tuned candidate when it succeeded.
    /// </summary>
    private TuningJob Record(TuningJob job, TuningJob seen)
    {
        var updated = seen with { FinishedAt = seen.Status.IsTerminal() ? seen.FinishedAt ?? _time.GetUtcNow() : null };
        return EnsureCandidate(updated == job ? job : Save(updated));
    }

    private TuningJob EnsureCandidate(TuningJob job)
    {
        if (job.Status != TuningJobStatus.Succeeded || job.CandidateAdded || job.FineTunedModel is null)
        {
            return job;
        }

        ExperimentCandidates.Append(job.ExperimentPath, job.CandidateName, CandidateModel(job), TrainingPrompt.Strategy);
        return Save(job with { CandidateAdded = true });
    }

    private TuningJob Save(TuningJob job)
    {
        var saved = job with { UpdatedAt = _time.GetUtcNow() };
        _store.Update(saved);
        return saved;
    }
}
