namespace Crossover.Evaluation.Experiments;

/// <summary>A model behind a provider.</summary>
/// <param name="Provider">openai, azure-openai, ollama, anthropic or local (or any registered provider).</param>
/// <param name="Id">The model id (the deployment name for azure-openai).</param>
/// <param name="BaseUrl">The endpoint, when not the provider's default.</param>
/// <param name="BaseUrlEnv">An environment variable that, when set, overrides <paramref name="BaseUrl"/> (so one file serves several endpoints).</param>
/// <param name="ApiKeyEnv">The environment variable holding the key, when the provider needs one.</param>
/// <param name="RequestsPerMinute">A request rate limit for this endpoint, when set.</param>
/// <param name="TokensPerMinute">A token rate limit for this endpoint, when set.</param>
/// <param name="PriceAs">The catalog id to price calls as, when the model id is not in the catalog.</param>
/// <param name="Adapter">A PEFT LoRA adapter folder applied on top of the model (provider local).</param>
public sealed record ModelSpec(string Provider, string Id, string? BaseUrl, string? BaseUrlEnv, string? ApiKeyEnv, int? RequestsPerMinute, int? TokensPerMinute, string? PriceAs, string? Adapter = null)
{
    /// <summary>A reasoning model (OpenAI's o-series, gpt-5): it accepts only its default temperature, so none is sent.</summary>
    public bool Reasoning { get; init; }
}
