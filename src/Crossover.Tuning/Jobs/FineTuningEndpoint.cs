using Crossover.Core.Input;
using Crossover.Evaluation.Providers;

namespace Crossover.Tuning.Jobs;

/// <summary>An OpenAI-compatible fine-tuning endpoint: OpenAI itself, Azure OpenAI, or any server speaking the same wire format.</summary>
/// <param name="Provider"><c>openai</c> (Bearer key, <c>{base}/files</c>) or <c>azure-openai</c> (<c>api-key</c> header, <c>{endpoint}/openai/files?api-version=…</c>).</param>
/// <param name="BaseUrl">The API root: e.g. <c>https://api.openai.com/v1</c>, or the Azure resource endpoint.</param>
/// <param name="ApiKeyEnv">The environment variable holding the key; null for a server that needs none (e.g. a local vLLM).</param>
/// <param name="ApiVersion">The Azure api-version (ignored for openai).</param>
public sealed record FineTuningEndpoint(string Provider, string BaseUrl, string? ApiKeyEnv, string? ApiVersion = null)
{
    /// <summary>OpenAI's API root.</summary>
    public const string OpenAiBaseUrl = "https://api.openai.com/v1";

    /// <summary>The Azure OpenAI data-plane version used when none is given (GA, supports fine-tuning).</summary>
    public const string DefaultAzureApiVersion = "2024-10-21";

    /// <summary>
    /// The endpoint <c>tune start</c> means by its options, with each provider's defaults: OpenAI's API root and
    /// <c>OPENAI_API_KEY</c>, or for Azure OpenAI the resource endpoint (required), <c>AZURE_OPENAI_API_KEY</c> and
    /// <see cref="DefaultAzureApiVersion"/>. The key variable is read now, so a missing key fails before anything is written.
    /// </summary>
    /// <param name="provider"><c>openai</c> or <c>azure-openai</c>.</param>
    /// <param name="baseUrl">The API root, or null for the provider's default.</param>
    /// <param name="apiKeyEnv">The key's environment variable, or null for the provider's default.</param>
    /// <param name="apiVersion">The Azure api-version, or null for the default (ignored for openai).</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InputException">Azure without a base URL, a URL that is not http(s), or the key variable not set.</exception>
    public static FineTuningEndpoint Create(string provider, string? baseUrl, string? apiKeyEnv, string? apiVersion)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var azure = provider == "azure-openai";
        var url = baseUrl ?? (azure
            ? throw new InputException("azure-openai needs the resource endpoint", field: "base-url", hint: "pass --base-url https://RESOURCE.openai.azure.com")
            : OpenAiBaseUrl);
        if (!(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new InputException($"'{url}' is not an http(s) URL", field: "base-url", hint: "e.g. https://api.openai.com/v1");
        }

        var endpoint = new FineTuningEndpoint(provider, url, apiKeyEnv ?? (azure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY"), azure ? apiVersion ?? DefaultAzureApiVersion : null);
        endpoint.ApiKey();
        return endpoint;
    }

    /// <summary>Reads the key from <see cref="ApiKeyEnv"/>.</summary>
    /// <returns>The key, or null when <see cref="ApiKeyEnv"/> is null.</returns>
    /// <exception cref="InputException">The variable is named but not set, or holds a control character.</exception>
    public string? ApiKey() =>
        ApiKeyEnv is null ? null
        : Environment.GetEnvironmentVariable(ApiKeyEnv) is { Length: > 0 } key
            ? ApiKeys.Check(key, ApiKeyEnv, "api-key-env")
            : throw new InputException($"the environment variable {ApiKeyEnv} is not set", field: "api-key-env", hint: $"export {ApiKeyEnv}=… with the provider's key, or name another variable with --api-key-env");

    /// <summary>The URL of an API path (<c>files</c>, <c>fine_tuning/jobs/ID</c>) with an optional query.</summary>
    /// <param name="path">The path under the API root.</param>
    /// <param name="query">Extra query (without <c>?</c>), or null.</param>
    /// <returns>The absolute URL.</returns>
    public Uri Url(string path, string? query = null)
    {
        var root = BaseUrl.TrimEnd('/');
        if (Provider == "azure-openai")
        {
            var version = "api-version=" + Uri.EscapeDataString(ApiVersion ?? DefaultAzureApiVersion);
            return new Uri($"{root}/openai/{path}?{version}{(query is null ? string.Empty : "&" + query)}");
        }

        return new Uri($"{root}/{path}{(query is null ? string.Empty : "?" + query)}");
    }
}
