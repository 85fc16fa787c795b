using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.LocalModels;

namespace Crossover.Tuning.Jobs;

/// <summary>
/// Starts, tracks and cancels fine-tuning jobs on an OpenAI-compatible API or the in-process LoRA trainer, recording each
/// in the <see cref="TuningJobStore"/>; a succeeded job's model is appended to its experiment as a candidate, once.
/// </summary>
public sealed class TuningJobs
{
    /// <summary>The <c>openai-compatible</c> backend name.</summary>
    public const string RemoteBackend = "openai-compatible";

    /// <summary>The <c>local</c> backend name.</summary>
    public const string LocalBackend = "local";

    /// <summary>Base learning rate the local backend multiplies by <see cref="TuningHyperparameters.LearningRateMultiplier"/>.</summary>
    public const double LocalBaseLearningRate = 2e-4;

    private readonly TuningJobStore _store;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly CallPolicy? _calls;

    /// <summary>Creates the service.</summary>
    /// <param name="store">Where jobs are recorded.</param>
    /// <param name="time">The clock for timestamps and polling.</param>
    /// <param name="http">The HTTP client for remote calls (its own timeout is not used: each attempt has one).</param>
    public TuningJobs(TuningJobStore store, TimeProvider time, HttpClient http)
        : this(store, time, http, null)
    {
    }

    internal TuningJobs(TuningJobStore store, TimeProvider time, HttpClient http, CallPolicy? calls)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(http);
        _store = store;
        _time = time;
        _http = http;
        _calls = calls;
    }

    /// <summary>The job store.</summary>
    public TuningJobStore Store => _store;

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
    public static string IdempotencyKey(TuningRequest request, string trainingSha256, string? validationSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hp = request.Hyperparameters;
        var parts = new[]
        {
            request.Endpoint is null ? LocalBackend : RemoteBackend,
            request.Endpoint is { } e ? $"{e.Provider} {e.BaseUrl.TrimEnd('/')}" : string.Empty,
            request.Endpoint is null ? Path.GetFullPath(request.BaseModel) : request.BaseModel,
            string.Create(CultureInfo.InvariantCulture, $"epochs={hp.Epochs} batch={hp.BatchSize} lrm={hp.LearningRateMultiplier:R} seed={hp.Seed} suffix={hp.Suffix}"),
            trainingSha256,
        };
        if (validationSha256 is not null)
        {
            parts = [.. parts, "validation=" + validationSha256];
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
    }

    /// <summary>
    /// Submits a job to an OpenAI-compatible endpoint, unless a live job with the same key exists. The hyper-parameters
    /// are checked before anything is sent. The job row is written before the upload and create calls, so a crash in
    /// between is finished by running the same start again: the row is found by its key, and a job the server already
    /// made is found by paging through its job list for our <c>metadata.crossover_job</c> or our uploaded training file.
    /// </summary>
    /// <param name="request">What to tune.</param>
    /// <param name="cancellationToken">Cancels the calls (the row stays).</param>
    /// <returns>The job and whether it already existed.</returns>
    /// <exception cref="InputException">The key is missing, or the endpoint is unreachable or refuses.</exception>
    public async Task<JobStart> StartRemoteAsync(TuningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = request.Endpoint ?? throw new ArgumentException("a remote job needs an endpoint", nameof(request));
        request.Hyperparameters.Validate();
        var (sha, validationSha) = Hashes(request);
        var key = IdempotencyKey(request, sha, validationSha);
        using var claim = await ClaimAsync(key, cancellationToken);
        var job = _store.FindLive(key);
        if (job is { ProviderJobId: not null })
        {
            return new JobStart(job, Existing: true);
        }

        var client = new OpenAiFineTuningClient(endpoint, _http, _time, _calls);
        if (job is null)
        {
            job = NewJob(request, key, sha, validationSha, RemoteBackend, endpoint.Provider, TuningJobStatus.Pending);
            if (_store.AddUnlessLive(job) is { } concurrent)
            {
                // Another process started this job a moment ago: it uploads and submits; this one submits nothing.
                return new JobStart(concurrent, Existing: true);
            }
        }
        else if (await client.FindJobAsync(job.Id, job.TrainingFileId, job.CreatedAt, cancellationToken) is { } made)
        {
            return new JobStart(Apply(job, made), Existing: false);
        }

        if (job.TrainingFileId is null)
        {
            job = Save(job with { TrainingFileId = await client.UploadAsync(request.TrainingFile, cancellationToken) });
        }

        if (job.ValidationFile is not null && job.ValidationFileId is null)
        {
            job = Save(job with { ValidationFileId = await client.UploadAsync(job.ValidationFile, cancellationToken) });
        }

        var hp = request.Hyperparameters;
        var hyper = new JsonObject();
        AddIf(hyper, "n_epochs", hp.Epochs);
        AddIf(hyper, "batch_size", hp.BatchSize);
        AddIf(hyper, "learning_rate_multiplier", hp.LearningRateMultiplier);
        var body = new JsonObject { ["training_file"] = job.TrainingFileId, ["model"] = request.BaseModel };
        AddIf(body, "validation_file", job.ValidationFileId);
        AddIf(body, "suffix", hp.Suffix);
        if (hyper.Count > 0 && endpoint.Provider == "azure-openai")
        {
            // Azure's GA api-version (2024-10-21, our default) defines only the top-level hyperparameters object; the
            // method object is in its newer preview and v1 versions only, so the form every Azure version accepts is kept.
            body["hyperparameters"] = hyper;
        }
        else if (hyper.Count > 0)
        {
            // OpenAI deprecated the top-level hyperparameters in favour of the method object.
            body["method"] = new JsonObject
            {
                ["type"] = "supervised",
                ["supervised"] = new JsonObject { ["hyperparameters"] = hyper },
            };
        }

        AddIf(body, "seed", hp.Seed);
        if (endpoint.Provider != "azure-openai")
        {
            // Azure's fine-tuning API has no metadata field; OpenAI's lets a restarted start find the job it made.
            body["metadata"] = new JsonObject { ["crossover_job"] = job.Id };
        }

        var created = await client.CreateJobAsync(body, job.Id, cancellationToken);
        return new JobStart(Apply(job, created), Existing: false);
    }

    /// <summary>Fetches a job's status and events from its provider, records them, and adds the tuned candidate on success.</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The job as now recorded.</returns>
    /// <exception cref="InputException">The endpoint is unreachable or refuses, or the key is missing.</exception>
    public async Task<TuningJob> RefreshAsync(TuningJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        // Local jobs, jobs not yet accepted and ended jobs have nothing new at the provider.
        if (job.Backend == LocalBackend || job.ProviderJobId is null || job.Status.IsTerminal())
        {
            return EnsureCandidate(job);
        }

        var client = Client(job);
        var remote = await client.GetJobAsync(job.ProviderJobId, cancellationToken);
        var known = _store.Events(job.Id).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        _store.AddEvents(job.Id, await client.EventsAsync(job.ProviderJobId, known, cancellationToken));
        return Apply(job, remote);
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
    /// <exception cref="InputException">The job is local, already ended, not yet submitted, or the endpoint refuses.</exception>
    public async Task<TuningJob> CancelAsync(TuningJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Status.IsTerminal())
        {
            throw new InputException($"job {job.Id} has already ended ({job.Status.Name()})");
        }

        if (job.Backend == LocalBackend)
        {
            throw new InputException($"job {job.Id} runs in the process of 'crossover tune start'", hint: "stop that process with Ctrl+C");
        }

        if (job.ProviderJobId is null)
        {
            return Save(job with { Status = TuningJobStatus.Cancelled, Error = "cancelled before the provider accepted it", FinishedAt = _time.GetUtcNow() });
        }

        var remote = await Client(job).CancelAsync(job.ProviderJobId, cancellationToken);
        return Apply(job, remote);
    }

    /// <summary>
    /// Trains a LoRA adapter in process on the training file (validating on the validation file each epoch, when there is
    /// one), writes it to <paramref name="adapterRoot"/>/JOB, records the job (running, then succeeded or failed) and its
    /// per-epoch train and validation losses, and appends the tuned candidate.
    /// </summary>
    /// <param name="request">What to tune (<see cref="TuningRequest.BaseModel"/> is a Hugging Face model folder).</param>
    /// <param name="adapterRoot">The folder adapters go under.</param>
    /// <param name="progress">Per-step progress, or null.</param>
    /// <param name="cancellationToken">Stops training; the job is recorded as cancelled.</param>
    /// <returns>The job and whether a live job with the same key already existed (then nothing is trained).</returns>
    /// <exception cref="InputException">The model or data cannot be read, or an option is out of range; the job is recorded as failed.</exception>
    public JobStart RunLocal(TuningRequest request, string adapterRoot, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(adapterRoot);
        request.Hyperparameters.Validate();
        var (sha, validationSha) = Hashes(request);
        var key = IdempotencyKey(request, sha, validationSha);
        if (_store.FindLive(key) is { } live)
        {
            if (live.Status == TuningJobStatus.Succeeded)
            {
                return new JobStart(EnsureCandidate(live), Existing: true);
            }

            // A local job lives in the process that ran it; a row still running belongs to a process that ended.
            Save(live with { Status = TuningJobStatus.Failed, Error = "interrupted: the process training it ended", FinishedAt = _time.GetUtcNow() });
        }

        var job = NewJob(request, key, sha, validationSha, LocalBackend, LocalBackend, TuningJobStatus.Running);
        if (_store.AddUnlessLive(job) is { } concurrent)
        {
            return new JobStart(concurrent, Existing: true);
        }

        var hp = request.Hyperparameters;
        var defaults = new TrainingOptions();
        var options = new TrainingOptions
        {
            Epochs = hp.Epochs ?? defaults.Epochs,
            BatchSize = hp.BatchSize ?? defaults.BatchSize,
            LearningRate = LocalBaseLearningRate * (hp.LearningRateMultiplier ?? 1),
            Seed = hp.Seed ?? defaults.Seed,
        };
        var adapter = Path.GetFullPath(Path.Combine(adapterRoot, job.Id));
        try
        {
            var examples = LocalModels.TrainingExample.ReadJsonl(request.TrainingFile);
            var validation = job.ValidationFile is { } v ? LocalModels.TrainingExample.ReadJsonl(v) : [];
            using var model = LocalModel.Load(request.BaseModel);
            var report = LoraTrainer.Train(model, examples, validation, options, progress, _time, cancellationToken);
            model.SaveAdapter(adapter);
            _store.AddEvents(job.Id, report.Epochs.Select(e => new TuningJobEvent(
                string.Create(CultureInfo.InvariantCulture, $"local-epoch-{e.Epoch}"), _time.GetUtcNow(), "info",
                string.Create(CultureInfo.InvariantCulture, $"epoch {e.Epoch}: train loss {e.TrainLoss:0.0000}")
                + (e.ValidationLoss is { } loss ? string.Create(CultureInfo.InvariantCulture, $", validation loss {loss:0.0000}") : string.Empty))));
            job = Save(job with { Status = TuningJobStatus.Succeeded, FineTunedModel = adapter, TrainedTokens = report.TrainedTokens, FinishedAt = _time.GetUtcNow() });
        }
        catch (OperationCanceledException)
        {
            Save(job with { Status = TuningJobStatus.Cancelled, Error = "training was interrupted", FinishedAt = _time.GetUtcNow() });
            throw;
        }
        catch (InputException ex)
        {
            _store.AddEvents(job.Id, [new TuningJobEvent("local-error", _time.GetUtcNow(), "error", ex.Message)]);
            Save(job with { Status = TuningJobStatus.Failed, Error = ex.Message, FinishedAt = _time.GetUtcNow() });
            throw;
        }

        return new JobStart(EnsureCandidate(job), Existing: false);
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
        return new OpenAiFineTuningClient(endpoint, http, time).ModelsAsync(cancellationToken);
    }

    /// <summary>The candidate a succeeded job becomes.</summary>
    /// <param name="job">A succeeded job.</param>
    /// <returns>The model spec written to the experiment.</returns>
    public static ModelSpec CandidateModel(TuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Backend == LocalBackend
            ? new ModelSpec("local", job.BaseModel, null, null, null, null, null, null, job.FineTunedModel)
            : new ModelSpec(job.Provider, job.FineTunedModel!, job.BaseUrl, null, job.ApiKeyEnv, null, null, job.Provider == "openai" ? job.BaseModel : null);
    }

    private static void AddIf<T>(JsonObject json, string key, T? value)
    {
        if (value is not null)
        {
            json[key] = JsonValue.Create(value);
        }
    }

    private OpenAiFineTuningClient Client(TuningJob job) =>
        new(new FineTuningEndpoint(job.Provider, job.BaseUrl!, job.ApiKeyEnv, job.ApiVersion), _http, _time, _calls);

    private static (string Training, string? Validation) Hashes(TuningRequest request) =>
        (Sha256(request.TrainingFile), request.ValidationFile is { } v ? Sha256(v) : null);

    /// <summary>
    /// Holds an exclusive lock on a file named by the idempotency key while a start uploads and submits: a second
    /// process starting the same job waits, then finds the job the first one submitted. The operating system releases
    /// the lock when a process dies, so a crashed start is recovered by the next one.
    /// </summary>
    private async Task<FileStream> ClaimAsync(string key, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetDirectoryName(_store.Path)!, "tuning");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $".start-{key[..16]}.lock");
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

    private TuningJob NewJob(TuningRequest request, string key, string sha, string? validationSha, string backend, string provider, TuningJobStatus status)
    {
        var now = _time.GetUtcNow();
        var hp = request.Hyperparameters;
        var id = string.Create(CultureInfo.InvariantCulture, $"tj-{now:yyyyMMdd-HHmmss}-{key[..6]}");
        var name = "tuned-" + (hp.Suffix ?? id[3..]);
        return new TuningJob(
            id, key, backend, provider, request.Endpoint?.BaseUrl, request.Endpoint?.ApiVersion, request.Endpoint?.ApiKeyEnv,
            request.Endpoint is null ? Path.GetFullPath(request.BaseModel) : request.BaseModel, Path.GetFullPath(request.ExperimentPath), name, false, hp,
            Path.GetFullPath(request.TrainingFile), sha, null, null, status, null, null, null, now, now, null,
            request.ValidationFile is { } v ? Path.GetFullPath(v) : null, validationSha, null);
    }

    /// <summary>
    /// Records what the provider says, compared with the row as stored: the provider's job id counts as a change, so a job
    /// the provider answers as <c>pending</c> (Azure's create answer) keeps its id although its status reads the same.
    /// </summary>
    private TuningJob Apply(TuningJob job, RemoteJob remote)
    {
        var status = TuningJobStatuses.Parse(remote.Status);
        var updated = job with
        {
            ProviderJobId = job.ProviderJobId ?? remote.Id,
            Status = status,
            FineTunedModel = remote.FineTunedModel ?? job.FineTunedModel,
            TrainedTokens = remote.TrainedTokens ?? job.TrainedTokens,
            Error = remote.Error ?? job.Error,
            FinishedAt = status.IsTerminal() ? job.FinishedAt ?? remote.FinishedAt ?? _time.GetUtcNow() : null,
        };
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
