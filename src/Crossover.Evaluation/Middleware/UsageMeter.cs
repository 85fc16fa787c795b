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
