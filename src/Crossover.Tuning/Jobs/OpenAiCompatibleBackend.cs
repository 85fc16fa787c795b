using System.Text.Json.Nodes;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;

namespace Crossover.Tuning.Jobs;

/// <summary>
/// Jobs on an OpenAI-compatible fine-tuning API (OpenAI, Azure OpenAI, compatible servers): upload the files, create the
/// job, poll it and its events, cancel it. A start left unfinished by a crash finds the job the provider already made
/// (docs/tuning-jobs.md, "Idempotency").
/// </summary>
internal sealed class OpenAiCompatibleBackend(HttpClient http, TimeProvider time, CallPolicy? calls) : IRemoteTuningBackend
{
    public string Name => TuningJobs.RemoteBackend;

    public TuningTarget Target(TuningRequest request)
    {
        var endpoint = request.Endpoint ?? throw new InputException("an openai-compatible job needs an endpoint", field: "base-url", hint: "pass --base-url, or --backend local");
        // Read now so a key that is not set fails before anything is recorded.
        endpoint.ApiKey();
        return new TuningTarget(endpoint.Provider, request.BaseModel, endpoint.BaseUrl, endpoint.ApiVersion, endpoint.ApiKeyEnv);
    }

    public async Task<TuningJob> StartAsync(TuningJob job, bool resuming, TuningBackendContext context, CancellationToken cancellationToken)
    {
        var client = Client(job);
        if (resuming && await client.FindJobAsync(job.Id, job.TrainingFileId, job.CreatedAt, cancellationToken) is { } made)
        {
            return Merge(job, made);
        }

        if (job.TrainingFileId is null)
        {
            job = context.Save(job with { TrainingFileId = await client.UploadAsync(job.TrainingFile, cancellationToken) });
        }

        if (job.ValidationFile is not null && job.ValidationFileId is null)
        {
            job = context.Save(job with { ValidationFileId = await client.UploadAsync(job.ValidationFile, cancellationToken) });
        }

        var created = await client.CreateJobAsync(CreateBody(job), job.Id, cancellationToken);
        return Merge(job, created);
    }

    public async Task<TuningJob> RefreshAsync(TuningJob job, TuningBackendContext context, CancellationToken cancellationToken)
    {
        var client = Client(job);
        var remote = await client.GetJobAsync(job.ProviderJobId!, cancellationToken);
        context.AddEvents(job, await client.EventsAsync(job.ProviderJobId!, context.KnownEventIds(job), cancellationToken));
        return Merge(job, remote);
    }

    public async Task<TuningJob> CancelAsync(TuningJob job, TuningBackendContext context, CancellationToken cancellationToken) =>
        Merge(job, await Client(job).CancelAsync(job.ProviderJobId!, cancellationToken));

    public ModelSpec Candidate(TuningJob job) =>
        new(job.Provider, job.FineTunedModel!, job.BaseUrl, null, job.ApiKeyEnv, null, null, job.Provider == "openai" ? job.BaseModel : null);

    /// <summary>The model ids an endpoint serves (<c>GET /models</c>).</summary>
    public static Task<IReadOnlyList<string>> ServedModelsAsync(FineTuningEndpoint endpoint, HttpClient http, TimeProvider time, CancellationToken cancellationToken) =>
        new OpenAiFineTuningClient(endpoint, http, time).ModelsAsync(cancellationToken);

    /// <summary>The create call's body: hyper-parameters where each service defines them, and our job id where metadata exists.</summary>
    private static JsonObject CreateBody(TuningJob job)
    {
        var hp = job.Hyperparameters;
        var hyper = new JsonObject();
        AddIf(hyper, "n_epochs", hp.Epochs);
        AddIf(hyper, "batch_size", hp.BatchSize);
        AddIf(hyper, "learning_rate_multiplier", hp.LearningRateMultiplier);
        var body = new JsonObject { ["training_file"] = job.TrainingFileId, ["model"] = job.BaseModel };
        AddIf(body, "validation_file", job.ValidationFileId);
        AddIf(body, "suffix", hp.Suffix);
        if (hyper.Count > 0 && job.Provider == "azure-openai")
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
        if (job.Provider != "azure-openai")
        {
            // Azure's fine-tuning API has no metadata field; OpenAI's lets a restarted start find the job it made.
            body["metadata"] = new JsonObject { ["crossover_job"] = job.Id };
        }

        return body;
    }

    private static void AddIf<T>(JsonObject json, string key, T? value)
    {
        if (value is not null)
        {
            json[key] = JsonValue.Create(value);
        }
    }

    /// <summary>
    /// The job with what the provider says applied. The provider's job id is kept once known, so a job the provider
    /// answers as <c>pending</c> (Azure's create answer) keeps its id although its status reads the same.
    /// </summary>
    private static TuningJob Merge(TuningJob job, RemoteJob remote)
    {
        var status = TuningJobStatuses.Parse(remote.Status);
        return job with
        {
            ProviderJobId = job.ProviderJobId ?? remote.Id,
            Status = status,
            FineTunedModel = remote.FineTunedModel ?? job.FineTunedModel,
            TrainedTokens = remote.TrainedTokens ?? job.TrainedTokens,
            Error = remote.Error ?? job.Error,
            FinishedAt = status.IsTerminal() ? job.FinishedAt ?? remote.FinishedAt : null,
        };
    }

    private OpenAiFineTuningClient Client(TuningJob job) =>
        new(new FineTuningEndpoint(job.Provider, job.BaseUrl!, job.ApiKeyEnv, job.ApiVersion), http, time, calls);
}
