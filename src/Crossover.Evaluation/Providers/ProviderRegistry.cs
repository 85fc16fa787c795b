using System.ClientModel;
using System.ClientModel.Primitives;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Tokens;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// Turns a candidate's <see cref="ModelSpec"/> into a bare <see cref="IChatClient"/>. Built in: <c>openai</c> (any
/// OpenAI-compatible base URL), <c>azure-openai</c>, <c>ollama</c>, <c>anthropic</c> and <c>recorded</c> (outputs collected earlier). Other providers (the
/// in-process <c>local</c> engine) are registered by the host with <see cref="Register"/>.
/// </summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, (Func<ModelSpec, IChatClient> Create, Func<ModelSpec, TokenCounter>? Tokens, bool Cacheable)> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, string?> _environment;

    /// <summary>Creates a registry with the built-in HTTP providers.</summary>
    /// <param name="time">The clock (for HTTP-date Retry-After values).</param>
    /// <param name="environment">Reads an environment variable (tests pass their own); defaults to the process environment.</param>
    /// <param name="http">The HttpClient for the providers written over HTTP; a shared one by default.</param>
    public ProviderRegistry(TimeProvider? time = null, Func<string, string?>? environment = null, HttpClient? http = null)
    {
        var clock = time ?? TimeProvider.System;
        var client = http ?? SharedHttp.Value;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        Register("openai", model => CreateOpenAi(model, model.BaseUrl ?? "https://api.openai.com/v1", Key(model, "OPENAI_API_KEY"), azureKeyHeader: false, client, clock));
        Register("azure-openai", model =>
        {
            var endpoint = model.BaseUrl ?? throw new InputException("azure-openai needs baseUrl", field: "model.baseUrl", hint: "set it to https://YOUR-RESOURCE.openai.azure.com");
            var v1 = endpoint.Contains("/openai/", StringComparison.OrdinalIgnoreCase) ? endpoint : endpoint.TrimEnd('/') + "/openai/v1/";
            return CreateOpenAi(model, v1, Key(model, "AZURE_OPENAI_API_KEY"), azureKeyHeader: true, client, clock);
        });
        Register("ollama", model => new OllamaChatClient(client, new Uri(model.BaseUrl ?? "http://localhost:11434"), model.Id, clock));
        Register("recorded", model => RecordedChatClient.Load(model.Id), cacheable: false);
        Register("anthropic", model => new AnthropicChatClient(client, new Uri(model.BaseUrl ?? "https://api.anthropic.com"), model.Id, Key(model, "ANTHROPIC_API_KEY") ?? MissingKey(model, "ANTHROPIC_API_KEY"), clock));
    }

    private static Lazy<HttpClient> SharedHttp { get; } = new(() => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan });

    /// <summary>The registered provider names.</summary>
    public IEnumerable<string> Names => _providers.Keys.Order(StringComparer.Ordinal);

    /// <summary>Registers (or replaces) a provider.</summary>
    /// <param name="name">The name experiments use in <c>model.provider</c>.</param>
    /// <param name="create">Creates the bare client for a model.</param>
    /// <param name="tokens">Creates the model's own token counter; OpenAI's encodings are used when null.</param>
    /// <param name="cacheable">False for a provider whose answer depends on more than the prompt (recorded outputs are keyed by item id), so the response cache must not serve it.</param>
    public void Register(string name, Func<ModelSpec, IChatClient> create, Func<ModelSpec, TokenCounter>? tokens = null, bool cacheable = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(create);
        _providers[name] = (create, tokens, cacheable);
    }

    /// <summary>Whether the response cache may answer for <paramref name="model"/>'s provider.</summary>
    /// <param name="model">The model.</param>
    /// <returns>False for providers registered with <c>cacheable: false</c>.</returns>
    public bool IsCacheable(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return !_providers.TryGetValue(model.Provider, out var provider) || provider.Cacheable;
    }

    /// <summary>Checks that every candidate's provider is registered, before anything runs.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <exception cref="InputException">A provider is unknown, or is <c>local</c> and this build has no local engine.</exception>
    public void Validate(Experiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        for (var i = 0; i < experiment.Candidates.Count; i++)
        {
            var provider = experiment.Candidates[i].Model.Provider;
            if (_providers.ContainsKey(provider))
            {
                continue;
            }

            var hint = provider == "local"
                ? "the in-process local engine is not available in this build; serve the model with an OpenAI-compatible server and use provider: openai with its baseUrl"
                : "use one of: " + string.Join(", ", Names);
            throw new InputException($"provider '{provider}' is not available", experiment.File, null, $"candidates[{i}].model.provider", hint);
        }

        if (experiment.Judge is { } judge && !_providers.ContainsKey(judge.Model.Provider))
        {
            throw new InputException($"provider '{judge.Model.Provider}' is not available", experiment.File, null, "judge.model.provider", "use one of: " + string.Join(", ", Names));
        }
    }

    /// <summary>Creates the bare client for a model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InputException">The provider is not registered or its key is missing.</exception>
    public IChatClient CreateClient(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!_providers.TryGetValue(model.Provider, out var provider))
        {
            throw new InputException($"provider '{model.Provider}' is not available", field: "model.provider", hint: "use one of: " + string.Join(", ", Names));
        }

        if (model.BaseUrlEnv is not null && _environment(model.BaseUrlEnv) is { Length: > 0 } url)
        {
            if (!(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                throw new InputException($"the environment variable {model.BaseUrlEnv} holds '{url}', which is not an http(s) URL", field: "model.baseUrlEnv", hint: "e.g. http://127.0.0.1:8080/v1");
            }

            model = model with { BaseUrl = url };
        }

        return provider.Create(model);
    }

    /// <summary>An embeddings model's generator over the OpenAI-compatible <c>/embeddings</c> endpoint (openai or azure-openai).</summary>
    /// <param name="model">The embeddings model.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="InputException">The provider has no embeddings support or its key is missing.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.BaseUrlEnv is not null && _environment(model.BaseUrlEnv) is { Length: > 0 } url)
        {
            model = model with { BaseUrl = url };
        }

        var azure = model.Provider == "azure-openai";
        if (!azure && model.Provider != "openai")
        {
            throw new InputException($"provider '{model.Provider}' has no embeddings support here", field: "strategy.embeddings.provider", hint: "use openai (any OpenAI-compatible /embeddings endpoint) or azure-openai");
        }

        var endpoint = azure
            ? (model.BaseUrl ?? throw new InputException("azure-openai needs baseUrl", field: "strategy.embeddings.baseUrl", hint: "set it to https://YOUR-RESOURCE.openai.azure.com")).TrimEnd('/') + "/openai/v1/"
            : model.BaseUrl ?? "https://api.openai.com/v1";
        var variable = azure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY";
        var key = Key(model, variable);
        if (key is null && !IsLoopback(endpoint))
        {
            MissingKey(model, variable);
        }

        // The OpenAI SDK's embedding client does the job (one batched request, no streaming), so we use it through MEAI.
        // Its own retries are off: the runner's retry layer retries (on our clock, honouring Retry-After), as for chat calls.
        var options = new OpenAIClientOptions { Endpoint = new Uri(endpoint), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        if (azure)
        {
            options.AddPolicy(new HeaderPolicy("api-key", key ?? "no-key"), PipelinePosition.PerCall);
        }

        return new OpenAIClient(new ApiKeyCredential(key ?? "no-key"), options).GetEmbeddingClient(model.Id).AsIEmbeddingGenerator();
    }

    /// <summary>The token counter for a model: the provider's own when it registered one, OpenAI's encodings otherwise.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The counter.</returns>
    public TokenCounter CreateTokenCounter(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _providers.TryGetValue(model.Provider, out var provider) && provider.Tokens is { } tokens ? tokens(model) : TokenCounter.ForModel(model.Id);
    }

    private static IChatClient CreateOpenAi(ModelSpec model, string endpoint, string? key, bool azureKeyHeader, HttpClient http, TimeProvider time)
    {
        if (key is null && !IsLoopback(endpoint))
        {
            MissingKey(model, azureKeyHeader ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY");
        }

        // Local OpenAI-compatible servers (vLLM, llama.cpp, LM Studio) ignore the key; we still send one, as clients expect.
        var auth = azureKeyHeader ? ("api-key", key ?? "no-key") : ("Authorization", "Bearer " + (key ?? "no-key"));
        return new OpenAiCompatibleChatClient(http, endpoint, model.Id, auth, model.Provider, time);
    }

    private static bool IsLoopback(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost");

    private string? Key(ModelSpec model, string defaultVariable)
    {
        var value = _environment(model.ApiKeyEnv ?? defaultVariable);
        if (value is null && model.ApiKeyEnv is not null)
        {
            MissingKey(model, model.ApiKeyEnv);
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static string MissingKey(ModelSpec model, string variable) =>
        throw new InputException($"the environment variable {variable} is not set", field: "model.apiKeyEnv", hint: $"export {variable}=… with the key for {model.Provider} model '{model.Id}'");

    /// <summary>Adds a fixed header to every request (Azure OpenAI's <c>api-key</c>).</summary>
    private sealed class HeaderPolicy(string name, string value) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
