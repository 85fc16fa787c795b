namespace Crossover.Core.Catalog;

/// <summary>Prices of one hosted model, in USD per 1M tokens.</summary>
/// <param name="Id">The model id used in profiles and experiments (e.g. <c>gpt-4.1-mini</c>).</param>
/// <param name="Provider">Who sells it (openai, anthropic, google, together, …).</param>
/// <param name="Input">Uncached input tokens.</param>
/// <param name="CachedInput">Input tokens read from the prompt cache; null when the provider has no cache discount.</param>
/// <param name="CacheWrite">Input tokens written to the cache (5-minute lifetime where the provider offers two) when the provider charges a premium for it; null when writes cost the plain input price.</param>
/// <param name="Output">Output tokens.</param>
/// <param name="BatchDiscount">Share taken off by the provider's batch API (0.5 = half price); 0 when none.</param>
/// <param name="MinCacheableTokens">The shortest prefix the provider caches; shorter prefixes are never cached.</param>
/// <param name="ContextTokens">The context window, when known.</param>
/// <param name="ParametersBillions">Parameter count in billions for open models (for the compute view), when known.</param>
/// <param name="FineTuning">Fine-tuning prices, when the provider offers it for this model.</param>
/// <param name="Source">The public page the figures come from.</param>
/// <param name="CacheWriteOneHour">Input tokens written to a 1-hour cache, where the provider sells that lifetime (Anthropic: 2× input).</param>
/// <param name="LongContext">Higher rates that apply to the whole request once its prompt passes a size, when the provider has such a tier.</param>
/// <param name="Lifecycle">Deprecation, shutdown and successor, when announced.</param>
/// <param name="ProviderModel">The model name the provider's API and price lists use, when it differs from <paramref name="Id"/>.</param>
/// <param name="Read">The date the figures were read from <paramref name="Source"/>.</param>
/// <param name="Unconfirmed">Why the figures could not be confirmed on the provider's own page, when they could not.</param>
public sealed record ModelPrice(
    string Id,
    string Provider,
    double Input,
    double? CachedInput,
    double? CacheWrite,
    double Output,
    double BatchDiscount,
    int MinCacheableTokens,
    int? ContextTokens,
    double? ParametersBillions,
    FineTuningPrice? FineTuning,
    string Source,
    double? CacheWriteOneHour = null,
    LongContextPrice? LongContext = null,
    ModelLifecycle? Lifecycle = null,
    string? ProviderModel = null,
    DateOnly? Read = null,
    string? Unconfirmed = null)
{
    /// <summary>What one call costs at these rates, USD: tokens billed at the full input rate, cache reads, cache writes
    /// (the plain input rate when the provider charges no write premium) and output tokens.</summary>
    /// <param name="inputTokens">Input tokens at the full rate.</param>
    /// <param name="cacheReadTokens">Input tokens read from the prompt cache.</param>
    /// <param name="cacheWriteTokens">Input tokens written to the prompt cache.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <returns>USD.</returns>
    public double CallUsd(double inputTokens, double cacheReadTokens, double cacheWriteTokens, double outputTokens) =>
        ((inputTokens * Input) + (cacheReadTokens * (CachedInput ?? Input)) + (cacheWriteTokens * (CacheWrite ?? Input)) + (outputTokens * Output)) / 1e6;

    /// <summary>
    /// The rates one request is billed at: the long-context tier's for every token once the prompt (input tokens, cached
    /// or not) is longer than its threshold, and the 1-hour cache-write rate when the prefix is cached for an hour
    /// (docs/economics.md, "Price tiers").
    /// </summary>
    /// <param name="promptTokens">The request's input tokens, cached or not.</param>
    /// <param name="oneHourCache">Whether cache writes buy the 1-hour lifetime instead of the 5-minute one.</param>
    /// <returns>These prices with the request's tier and cache-write rate in place.</returns>
    public ModelPrice ForRequest(double promptTokens, bool oneHourCache = false)
    {
        var (tier, write) = LongContext is { } longContext && promptTokens > longContext.AboveTokens
            ? (this with { Input = longContext.Input, CachedInput = longContext.CachedInput, CacheWrite = longContext.CacheWrite, Output = longContext.Output, LongContext = null },
                // The catalog lists no long-context 1-hour write: the provider's 1-hour multiple of input applies to the tier's input rate.
                CacheWriteOneHour / Input * longContext.Input)
            : (this, CacheWriteOneHour);
        return oneHourCache && write is { } oneHour ? tier with { CacheWrite = oneHour } : tier;
    }
}
