using Crossover.Evaluation.Experiments;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// <c>UseXxx</c> extensions that add Crossover's call layers to a <see cref="ChatClientBuilder"/>; the first added is the
/// outermost. <see cref="CallPipeline"/> composes them: cache → retry → rate limit → timeout → metering → logging → provider.
/// </summary>
public static class CrossoverChatClientBuilderExtensions
{
    /// <summary>Answers identical requests from <paramref name="cache"/>; only successes are stored.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="cache">The cache.</param>
    /// <param name="partition">Identifies the provider, endpoint and model, so equal prompts to different models never collide.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseResponseCache(this ChatClientBuilder builder, IResponseCache cache, string partition)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new CachingChatClient(inner, cache, partition));
    }

    /// <summary>Retries 408/429/5xx, timeouts, dropped connections and malformed bodies with backoff and jitter, honouring Retry-After.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="policy">Retries and backoff.</param>
    /// <param name="time">The clock used for waits.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseRetries(this ChatClientBuilder builder, CallPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(policy);
        return builder.Use(inner => new RetryingChatClient(inner, policy, time));
    }

    /// <summary>Waits for room in an endpoint's requests-per-minute and tokens-per-minute budget before each attempt.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="limit">The endpoint's limit (share one per endpoint).</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseRateLimit(this ChatClientBuilder builder, RateLimit limit)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new RateLimitingChatClient(inner, limit));
    }

    /// <summary>Fails an attempt with <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="timeout">The per-attempt deadline.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseCallTimeout(this ChatClientBuilder builder, TimeSpan timeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new TimeoutChatClient(inner, timeout, time));
    }

    /// <summary>Stamps each answer's latency and adds its usage and cost to <paramref name="meter"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="meter">The running totals.</param>
    /// <param name="cost">Prices one call's usage in USD.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseUsageMetering(this ChatClientBuilder builder, UsageMeter meter, Func<UsageDetails?, double> cost, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new MeteringChatClient(inner, meter, cost, time));
    }

    /// <summary>Logs each attempt (model, latency, tokens; failures redacted), never the prompt or the answer.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="time">The clock for latencies.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseCallLogging(this ChatClientBuilder builder, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new LoggingCallClient(inner, logger, time));
    }
}
