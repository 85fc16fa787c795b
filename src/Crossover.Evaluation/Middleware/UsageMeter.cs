using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>Running totals of calls, tokens and cost across every client that meters into it (thread-safe).</summary>
public sealed class UsageMeter
{
    private long _calls;
    private long _input;
    private long _cached;
    private long _output;
    // Nano-dollars: one call often costs a fraction of a micro-dollar, and rounding each call to micro-dollars drifts.
    private long _nanoUsd;

    /// <summary>Calls answered by a provider (cache hits excluded).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Prompt tokens, cached included.</summary>
    public long InputTokens => Interlocked.Read(ref _input);

    /// <summary>Cached prompt tokens.</summary>
    public long CachedTokens => Interlocked.Read(ref _cached);

    /// <summary>Output tokens.</summary>
    public long OutputTokens => Interlocked.Read(ref _output);

    /// <summary>Spent so far in USD, where the model has a price.</summary>
    public double CostUsd => Interlocked.Read(ref _nanoUsd) / 1e9;

    /// <summary>The most tokens one call can plausibly count: above every model's context window (10M at most today).</summary>
    public const long MaxTokensPerCall = 100_000_000;

    /// <summary>Why a provider's usage cannot be true, or null when it can: a negative or absurd count, or more cached than sent.</summary>
    /// <param name="usage">The usage a provider reported.</param>
    /// <returns>The problem, or null.</returns>
    public static string? Problem(UsageDetails? usage)
    {
        if (usage is null)
        {
            return null;
        }

        foreach (var (name, count) in new[] { ("input", usage.InputTokenCount), ("cached", usage.CachedInputTokenCount), ("output", usage.OutputTokenCount) })
        {
            if (count is < 0 or > MaxTokensPerCall)
            {
                return $"{name} tokens {count}";
            }
        }

        return usage.CachedInputTokenCount > (usage.InputTokenCount ?? 0)
            ? $"cached tokens {usage.CachedInputTokenCount} exceed input tokens {usage.InputTokenCount ?? 0}"
            : null;
    }

    /// <summary>Adds one answered call.</summary>
    /// <param name="input">Prompt tokens.</param>
    /// <param name="cached">Cached prompt tokens.</param>
    /// <param name="output">Output tokens.</param>
    /// <param name="costUsd">Its cost.</param>
    public void Add(long input, long cached, long output, double costUsd)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _input, input);
        Interlocked.Add(ref _cached, cached);
        Interlocked.Add(ref _output, output);
        Interlocked.Add(ref _nanoUsd, (long)Math.Round(costUsd * 1e9));
    }
}
