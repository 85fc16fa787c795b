namespace Crossover.Tuning.Jobs;

/// <summary>One fine-tuning job as the job store keeps it (docs/tuning-jobs.md).</summary>
/// <param name="Id">Our id (<c>tj-…</c>), also sent as the create call's <c>Idempotency-Key</c>.</param>
/// <param name="IdempotencyKey">SHA-256 of backend, endpoint, base model, hyper-parameters, training and validation files: one live job per key.</param>
/// <param name="Backend"><c>openai-compatible</c> or <c>local</c>.</param>
/// <param name="Provider"><c>openai</c>, <c>azure-openai</c> or <c>local</c>.</param>
/// <param name="BaseUrl">The endpoint (remote) or null (local).</param>
/// <param name="ApiVersion">The Azure OpenAI api-version, when the provider is azure-openai.</param>
/// <param name="ApiKeyEnv">The environment variable holding the key (the key itself is never stored).</param>
/// <param name="BaseModel">The model tuned (a model id, or a local model folder).</param>
/// <param name="ExperimentPath">The experiment file (full path) the tuned model is added to.</param>
/// <param name="CandidateName">The candidate name the tuned model gets.</param>
/// <param name="CandidateAdded">Whether the candidate has been appended to the experiment.</param>
/// <param name="Hyperparameters">Epochs, batch size, learning-rate multiplier, seed, suffix.</param>
/// <param name="TrainingFile">The training file sent.</param>
/// <param name="TrainingFileSha256">Its SHA-256 (lower-case hex).</param>
/// <param name="TrainingFileId">The provider's file id once uploaded.</param>
/// <param name="ProviderJobId">The provider's job id once created.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="FineTunedModel">The tuned model's id (remote) or adapter folder (local), once succeeded.</param>
/// <param name="TrainedTokens">Tokens billed for training, when reported.</param>
/// <param name="Error">The provider's error, when failed.</param>
/// <param name="CreatedAt">When the job was recorded.</param>
/// <param name="UpdatedAt">When the job row last changed.</param>
/// <param name="FinishedAt">When it reached a terminal status.</param>
/// <param name="ValidationFile">The validation file sent (the dev split), or null when there was none.</param>
/// <param name="ValidationFileSha256">Its SHA-256 (lower-case hex).</param>
/// <param name="ValidationFileId">The provider's file id once uploaded.</param>
public sealed record TuningJob(
    string Id,
    string IdempotencyKey,
    string Backend,
    string Provider,
    string? BaseUrl,
    string? ApiVersion,
    string? ApiKeyEnv,
    string BaseModel,
    string ExperimentPath,
    string CandidateName,
    bool CandidateAdded,
    TuningHyperparameters Hyperparameters,
    string TrainingFile,
    string TrainingFileSha256,
    string? TrainingFileId,
    string? ProviderJobId,
    TuningJobStatus Status,
    string? FineTunedModel,
    long? TrainedTokens,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    string? ValidationFile = null,
    string? ValidationFileSha256 = null,
    string? ValidationFileId = null);
