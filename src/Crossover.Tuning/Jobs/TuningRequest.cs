namespace Crossover.Tuning.Jobs;

/// <summary>What <c>tune start</c> asks for.</summary>
/// <param name="ExperimentPath">The experiment the tuned model is added to as a candidate.</param>
/// <param name="BaseModel">The model to tune: a provider model id, or a local Hugging Face folder.</param>
/// <param name="Hyperparameters">Epochs, batch size, learning-rate multiplier, seed, suffix.</param>
/// <param name="TrainingFile">The training file (OpenAI chat JSONL).</param>
/// <param name="Endpoint">The OpenAI-compatible endpoint; null for a backend that needs none (local).</param>
/// <param name="ValidationFile">The validation file (same format; the experiment's dev split), or null for none.</param>
/// <param name="Backend">The backend's name (<see cref="TuningBackends"/>); null for <see cref="TuningJobs.RemoteBackend"/> when there is an endpoint, else <see cref="TuningJobs.LocalBackend"/>.</param>
public sealed record TuningRequest(string ExperimentPath, string BaseModel, TuningHyperparameters Hyperparameters, string TrainingFile, FineTuningEndpoint? Endpoint,
    string? ValidationFile = null, string? Backend = null)
{
    /// <summary>The backend the request goes to.</summary>
    public string BackendName => Backend ?? (Endpoint is null ? TuningJobs.LocalBackend : TuningJobs.RemoteBackend);
}
