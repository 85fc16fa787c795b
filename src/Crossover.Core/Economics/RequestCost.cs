namespace Crossover.Core.Economics;

/// <summary>One request's tokens and cost, broken down.</summary>
/// <param name="InstructionTokens">System-prompt tokens.</param>
/// <param name="ExampleTokens">Few-shot example tokens.</param>
/// <param name="InputTokens">Per-request input tokens (input plus retrieved context).</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CachedTokens">Prompt tokens eligible for caching (0 when the prefix is under the provider's minimum).</param>
/// <param name="UncachedInputUsd">Cost of input tokens billed at the full rate.</param>
/// <param name="CacheUsd">Cost of the cacheable prefix: reads on hits, writes on misses.</param>
/// <param name="OutputUsd">Cost of output tokens.</param>
/// <param name="ServingUsd">Self-hosted GPU cost per request (0 for per-token pricing).</param>
public sealed record RequestCost(
    double InstructionTokens,
    double ExampleTokens,
    double InputTokens,
    double OutputTokens,
    double CachedTokens,
    double UncachedInputUsd,
    double CacheUsd,
    double OutputUsd,
    double ServingUsd)
{
    /// <summary>Total cost of the request.</summary>
    public double TotalUsd => UncachedInputUsd + CacheUsd + OutputUsd + ServingUsd;

    /// <summary>All prompt tokens.</summary>
    public double PromptTokens => InstructionTokens + ExampleTokens + InputTokens;
}
