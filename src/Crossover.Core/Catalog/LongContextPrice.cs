namespace Crossover.Core.Catalog;

/// <summary>The rates, USD per 1M tokens, that apply to every token of a request whose prompt is longer than <paramref name="AboveTokens"/>.</summary>
/// <param name="AboveTokens">The prompt length (input tokens, cached or not) above which the tier applies.</param>
/// <param name="Input">Uncached input tokens.</param>
/// <param name="CachedInput">Input tokens read from the cache, when discounted.</param>
/// <param name="CacheWrite">Input tokens written to the cache, when charged a premium.</param>
/// <param name="Output">Output tokens.</param>
public sealed record LongContextPrice(int AboveTokens, double Input, double? CachedInput, double? CacheWrite, double Output);
