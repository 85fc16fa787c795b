namespace Crossover.Evaluation.Middleware;

/// <summary>Keys the Crossover layers put in <c>ChatResponse.AdditionalProperties</c> and read from <c>ChatOptions.AdditionalProperties</c>.</summary>
public static class CallMetadata
{
    /// <summary>The successful attempt's latency in milliseconds (double), stamped by the metering layer.</summary>
    public const string LatencyMs = "crossover.latencyMs";

    /// <summary>True when the response came from the response cache.</summary>
    public const string Cached = "crossover.cached";

    /// <summary>In options: the repeat number, so each repeat of an item is its own cache entry. The cache layer removes it before the call.</summary>
    public const string Repeat = "crossover.repeat";

    /// <summary>In a response: why the model refused (OpenAI <c>message.refusal</c>, Anthropic <c>stop_reason: refusal</c>); the runner records the item as an error with it.</summary>
    public const string Refusal = "crossover.refusal";

    /// <summary>In <c>UsageDetails.AdditionalCounts</c>: prompt tokens written to the provider's cache (priced at the catalog's <c>cacheWrite</c>).</summary>
    public const string CacheWriteTokens = "crossover.cacheWriteTokens";
    /// <summary>In options: the evaluated item's id (string), so a provider that answers from recorded outputs can look it up.</summary>
    public const string ItemId = "crossover.itemId";

    /// <summary>In options: the estimated tokens of the call, for the tokens-per-minute limit.</summary>
    public const string EstimatedTokens = "crossover.estimatedTokens";
}
