using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// The one composition of Crossover's call layers, used by every runner that calls models (eval, its judge and
/// embeddings, distillation, the learning curve's baseline): response cache → retry (honouring Retry-After) → rate
/// limit → per-attempt timeout → usage metering → logging → provider. Endpoints share one rate limit per pipeline.
/// </summary>
public sealed class CallPipeline
{
    private readonly ProviderRegistry _providers;
    private readonly PriceCatalog? _catalog;
    private readonly CallPolicy _calls;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, RateLimit> _limits = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the pipeline.</summary>
    /// <param name="providers">Creates each model's bare client.</param>
    /// <param name="catalog">Prices calls for the meters (null: costs are 0).</param>
    /// <param name="calls">Timeout, retries, backoff and the longest Retry-After honoured.</param>
    /// <param name="time">The clock every wait, deadline and latency runs on.</param>
    public CallPipeline(ProviderRegistry providers, PriceCatalog? catalog, CallPolicy calls, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(time);
        _providers = providers;
        _catalog = catalog;
        _calls = calls;
        _time = time;
    }

    /// <summary>The response cache (the run store); null for none. Providers registered with <see cref="ProviderRegistration.Cacheable"/> false never use it.</summary>
    public IResponseCache? Cache { get; init; }

    /// <summary>Where each provider attempt is logged; off when null (the CLI sets it with <c>--verbose</c>).</summary>
    public ILoggerFactory? Logging { get; init; }

    /// <summary>A model's chat client with every layer.</summary>
    /// <param name="model">The model.</param>
    /// <param name="meter">Where its usage and cost are added.</param>
    /// <returns>The client.</returns>
    /// <exception cref="Core.Input.InputException">The provider is unknown or its key is missing.</exception>
    public IChatClient Chat(ModelSpec model, UsageMeter meter)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(meter);
        var price = Pricing.Find(_catalog, model);
        var builder = new ChatClientBuilder(_providers.CreateClient(model));
        if (Cache is not null && _providers.IsCacheable(model))
        {
            builder.UseResponseCache(Cache, Partition(model));
        }

        builder.UseRetries(_calls, _time);
        if (model.RequestsPerMinute is not null || model.TokensPerMinute is not null)
        {
            var endpoint = $"{model.Provider}|{model.BaseUrl}";
            lock (_limits)
            {
                if (!_limits.TryGetValue(endpoint, out var limit))
                {
                    limit = new RateLimit(model.RequestsPerMinute, model.TokensPerMinute, _time);
                    _limits[endpoint] = limit;
                }

                builder.UseRateLimit(limit);
            }
        }

        builder.UseCallTimeout(_calls.Timeout, _time).UseUsageMetering(meter, usage => price?.Cost(usage) ?? 0, _time);
        if (Logging is not null)
        {
            builder.UseCallLogging(Logging.CreateLogger("Crossover.Calls"), _time);
        }

        return builder.Build();
    }

    /// <summary>An embeddings model's generator with the same layers: cache → retry → timeout → metering → provider.</summary>
    /// <param name="model">The embeddings model.</param>
    /// <param name="meter">Where its tokens and cost are added.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="Core.Input.InputException">The provider has no embeddings or its key is missing.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> Embeddings(ModelSpec model, UsageMeter meter)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(meter);
        var price = Pricing.Find(_catalog, model);
        var builder = new EmbeddingGeneratorBuilder<string, Embedding<float>>(_providers.CreateEmbeddingGenerator(model));
        if (Cache is not null)
        {
            builder.Use(inner => new CachingEmbeddingGenerator(inner, Cache, Partition(model)));
        }

        return builder
            .Use(inner => new RetryingEmbeddingGenerator(inner, _calls, _time))
            .Use(inner => new TimeoutEmbeddingGenerator(inner, _calls.Timeout, _time))
            .Use(inner => new MeteringEmbeddingGenerator(inner, meter, tokens => price?.Cost(tokens, 0, 0) ?? 0))
            .Build();
    }

    /// <summary>Identifies provider, endpoint and model, so equal prompts to different models never share a cache entry.</summary>
    private static string Partition(ModelSpec model) => $"{model.Provider}|{model.BaseUrl}|{model.Id}";
}
