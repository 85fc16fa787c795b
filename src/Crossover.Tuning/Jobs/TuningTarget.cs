namespace Crossover.Tuning.Jobs;

/// <summary>Where a request goes, as <see cref="ITuningBackend.Target"/> says: recorded with the job and part of its idempotency key.</summary>
/// <param name="Provider">The provider name (<c>openai</c>, <c>azure-openai</c>, <c>local</c>…).</param>
/// <param name="BaseModel">The model tuned, as recorded (a model id, or a local folder's full path).</param>
/// <param name="BaseUrl">The endpoint, or null for a trainer in this process.</param>
/// <param name="ApiVersion">The endpoint's API version, when it has one.</param>
/// <param name="ApiKeyEnv">The environment variable holding the key (the key itself is never stored).</param>
public sealed record TuningTarget(string Provider, string BaseModel, string? BaseUrl = null, string? ApiVersion = null, string? ApiKeyEnv = null);
