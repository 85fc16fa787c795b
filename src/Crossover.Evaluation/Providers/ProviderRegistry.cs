using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Tokens;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// The one catalogue of providers: turns a <see cref="ModelSpec"/> into a bare <see cref="IChatClient"/>, an embeddings
/// generator and a token counter, and checks an experiment against what each provider accepts. Built in: <c>openai</c>
/// (any OpenAI-compatible base URL), <c>azure-openai</c>, <c>ollama</c>, <c>anthropic</c> and <c>recorded</c> (outputs
/// collected earlier); others (the in-process <c>local</c> engine, a test's fake) are added with
/// <see cref="Register(ProviderRegistration)"/>, one line each.
/// </summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, ProviderRegistration> _providers = new(StringComparer.OrdinalIgnoreCase);
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
        Register(new ProviderRegistration("openai", model => new OpenAiCompatibleChatClient(client, OpenAiBase(model), model.Id, Auth(model, OpenAiBase(model)), model.Provider, clock))
        {
            CreateEmbeddings = model => new OpenAiCompatibleEmbeddingGenerator(client, OpenAiBase(model), model.Id, Auth(model, OpenAiBase(model)), model.Provider, clock),
        });
        Register(new ProviderRegistration("azure-openai", model => new OpenAiCompatibleChatClient(client, AzureV1(model), model.Id, Auth(model, AzureV1(model)), model.Provider, clock))
        {
            CreateEmbeddings = model => new OpenAiCompatibleEmbeddingGenerator(client, AzureV1(model), model.Id, Auth(model, AzureV1(model)), model.Provider, clock),
        });
        Register(new ProviderRegistration("ollama", model => new OllamaChatClient(client, new Uri(model.BaseUrl ?? "http://localhost:11434"), model.Id, clock)));
        Register(new ProviderRegistration("anthropic", model => new AnthropicChatClient(client, new Uri(model.BaseUrl ?? "https://api.anthropic.com"), model.Id, Key(model, "ANTHROPIC_API_KEY") ?? MissingKey(model, "ANTHROPIC_API_KEY"), clock))
        {
            MaxTemperature = 1,
        });
        Register(new ProviderRegistration("recorded", model => RecordedChatClient.Load(model.Id)) { Cacheable = false });
    }

    private static Lazy<HttpClient> SharedHttp { get; } = new(() => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan });

    /// <summary>The registered provider names.</summary>
    public IEnumerable<string> Names => _providers.Keys.Order(StringComparer.Ordinal);

    /// <summary>Registers (or replaces) a provider.</summary>
    /// <param name="provider">The provider.</param>
    public void Register(ProviderRegistration provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _providers[provider.Name] = provider;
    }

    /// <summary>Registers (or replaces) a chat-only provider.</summary>
    /// <param name="name">The name experiments use in <c>model.provider</c>.</param>
    /// <param name="create">Creates the bare client for a model.</param>
    /// <param name="tokens">Creates the model's own token counter; OpenAI's encodings are used when null.</param>
    /// <param name="cacheable">False for a provider whose answer depends on more than the prompt (recorded outputs are keyed by item id), so the response cache must not serve it.</param>
    public void Register(string name, Func<ModelSpec, IChatClient> create, Func<ModelSpec, TokenCounter>? tokens = null, bool cacheable = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(create);
        Register(new ProviderRegistration(name, create) { CreateTokenCounter = tokens, Cacheable = cacheable });
    }

    /// <summary>Whether the response cache may answer for <paramref name="model"/>'s provider.</summary>
    /// <param name="model">The model.</param>
    /// <returns>False for providers registered with <c>Cacheable = false</c> (<c>cacheable: false</c>).</returns>
    public bool IsCacheable(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return !_providers.TryGetValue(model.Provider, out var provider) || provider.Cacheable;
    }

    /// <summary>
    /// Checks, before anything runs, that every model's provider is registered, that embeddings models' providers have
    /// embeddings, and that each candidate's temperature is one its provider accepts (none for a reasoning model).
    /// </summary>
    /// <param name="experiment">The experiment.</param>
    /// <exception cref="InputException">A provider is unknown or lacks embeddings, or a temperature is out of its provider's range.</exception>
    public void Validate(Experiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        for (var i = 0; i < experiment.Candidates.Count; i++)
        {
            var candidate = experiment.Candidates[i];
            var provider = Find(candidate.Model, experiment.File, $"candidates[{i}].model.provider");
            if (candidate.Strategy.Embeddings is { } embeddings && Find(embeddings, experiment.File, $"candidates[{i}].strategy.embeddings.provider").CreateEmbeddings is null)
            {
                throw new InputException($"'{embeddings.Provider}' has no embeddings support here", experiment.File, null, $"candidates[{i}].strategy.embeddings.provider",
                    "use one of: " + string.Join(", ", _providers.Values.Where(p => p.CreateEmbeddings is not null).Select(p => p.Name).Order(StringComparer.Ordinal)));
            }

            CheckTemperature(experiment, candidate, provider, i);
        }

        if (experiment.Judge is { } judge)
        {
            Find(judge.Model, experiment.File, "judge.model.provider");
        }
    }

    /// <summary>Creates the bare client for a model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InputException">The provider is not registered or its key is missing.</exception>
    public IChatClient CreateClient(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var resolved = Resolve(model);
        return Find(resolved, null, "model.provider").CreateChat(resolved);
    }

    /// <summary>An embeddings model's generator, from its provider's registration.</summary>
    /// <param name="model">The embeddings model.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="InputException">The provider has no embeddings support or its key is missing.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var resolved = Resolve(model);
        var create = Find(resolved, null, "strategy.embeddings.provider").CreateEmbeddings
            ?? throw new InputException($"provider '{model.Provider}' has no embeddings support here", field: "strategy.embeddings.provider", hint: "use openai (any OpenAI-compatible /embeddings endpoint) or azure-openai");
        return create(resolved);
    }

    /// <summary>The token counter for a model: the provider's own when it registered one, OpenAI's encodings otherwise.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The counter.</returns>
    public TokenCounter CreateTokenCounter(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _providers.TryGetValue(model.Provider, out var provider) && provider.CreateTokenCounter is { } tokens ? tokens(model) : TokenCounter.ForModel(model.Id);
    }

    private ProviderRegistration Find(ModelSpec model, string? file, string field)
    {
        if (_providers.TryGetValue(model.Provider, out var provider))
        {
            return provider;
        }

        var hint = model.Provider == "local"
            ? "the in-process local engine is not available in this build; serve the model with an OpenAI-compatible server and use provider: openai with its baseUrl"
            : "use one of: " + string.Join(", ", Names);
        throw new InputException($"provider '{model.Provider}' is not available", file, null, field, hint);
    }

    private static void CheckTemperature(Experiment experiment, CandidateSpec candidate, ProviderRegistration provider, int index)
    {
        if (candidate.Model.Reasoning)
        {
            if (candidate.Temperature is not null)
            {
                throw new InputException($"model '{candidate.Model.Id}' is marked reasoning: it takes no temperature", experiment.File, null, $"candidates[{index}].temperature",
                    "drop temperature (reasoning models accept only their default), or drop reasoning: true from the model");
            }

            return;
        }

        if ((candidate.Temperature ?? experiment.Temperature) is { } temperature && temperature > provider.MaxTemperature)
        {
            var field = candidate.Temperature is null ? "temperature" : $"candidates[{index}].temperature";
            throw new InputException($"{temperature:0.###} is above what {provider.Name} accepts", experiment.File, null, field,
                $"{provider.Name} takes temperatures from 0 to {provider.MaxTemperature:0.###}; give candidate '{candidate.Name}' its own temperature");
        }
    }

    /// <summary>The model with <see cref="ModelSpec.BaseUrlEnv"/> applied, when that variable is set.</summary>
    private ModelSpec Resolve(ModelSpec model)
    {
        if (model.BaseUrlEnv is null || _environment(model.BaseUrlEnv) is not { Length: > 0 } url)
        {
            return model;
        }

        if (!(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new InputException($"the environment variable {model.BaseUrlEnv} holds '{url}', which is not an http(s) URL", field: "model.baseUrlEnv", hint: "e.g. http://127.0.0.1:8080/v1");
        }

        return model with { BaseUrl = url };
    }

    private static string OpenAiBase(ModelSpec model) => model.BaseUrl ?? "https://api.openai.com/v1";

    /// <summary>Azure OpenAI's v1 API root: the resource endpoint plus <c>/openai/v1/</c>, unless the URL already names an <c>/openai/</c> path.</summary>
    private static string AzureV1(ModelSpec model)
    {
        var endpoint = model.BaseUrl ?? throw new InputException("azure-openai needs baseUrl", field: "model.baseUrl", hint: "set it to https://YOUR-RESOURCE.openai.azure.com");
        return endpoint.Contains("/openai/", StringComparison.OrdinalIgnoreCase) ? endpoint : endpoint.TrimEnd('/') + "/openai/v1/";
    }

    /// <summary>The one key header of an OpenAI-compatible endpoint: <c>api-key</c> for Azure, <c>Authorization: Bearer</c> otherwise.</summary>
    private KeyHeader Auth(ModelSpec model, string endpoint)
    {
        var azure = model.Provider == "azure-openai";
        var variable = azure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY";
        var key = Key(model, variable);
        if (key is null && !IsLoopback(endpoint))
        {
            MissingKey(model, variable);
        }

        // Local OpenAI-compatible servers (vLLM, llama.cpp, LM Studio) ignore the key; we still send one, as clients expect.
        key ??= "no-key";
        return azure ? new KeyHeader("api-key", key, key) : new KeyHeader("Authorization", "Bearer " + key, key);
    }

    private static bool IsLoopback(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost");

    private string? Key(ModelSpec model, string defaultVariable)
    {
        var variable = model.ApiKeyEnv ?? defaultVariable;
        var value = _environment(variable);
        if (value is null && model.ApiKeyEnv is not null)
        {
            MissingKey(model, model.ApiKeyEnv);
        }

        return string.IsNullOrEmpty(value) ? null : ApiKeys.Check(value, variable);
    }

    private static string MissingKey(ModelSpec model, string variable) =>
        throw new InputException($"the environment variable {variable} is not set", field: "model.apiKeyEnv", hint: $"export {variable}=… with the key for {model.Provider} model '{model.Id}'");
}
