namespace Crossover.Evaluation.Running;

/// <summary>What one <c>crossover eval</c> session did.</summary>
/// <param name="RunId">The run id (pass it to <c>--resume</c>, <c>decide --evidence</c> and <c>report</c>).</param>
/// <param name="AlreadyRecorded">Records found from an earlier session and not repeated.</param>
/// <param name="Recorded">Records written now.</param>
/// <param name="Errors">Of those, records that ended with an error.</param>
/// <param name="CacheHits">Of those, answers served from the response cache.</param>
/// <param name="ProviderCalls">Calls that reached a provider and were answered.</param>
public sealed record RunOutcome(string RunId, int AlreadyRecorded, int Recorded, int Errors, int CacheHits, long ProviderCalls)
{
    /// <summary>Judge calls that reached a provider and were answered (counted apart from the candidates' calls).</summary>
    public long JudgeCalls { get; init; }

    /// <summary>What the candidates' calls that reached a provider cost in USD this session (cache hits are free; unpriced models count 0).</summary>
    public double CostUsd { get; init; }

    /// <summary>What the judge's calls cost in USD, where the judge model has a price (apart from the candidates' cost).</summary>
    public double JudgeCostUsd { get; init; }

    /// <summary>Embedding requests (train pool and per-item queries) a provider answered this session, cache hits excluded.</summary>
    public long EmbeddingCalls { get; init; }

    /// <summary>Their input tokens, as the provider reported them.</summary>
    public long EmbeddingTokens { get; init; }

    /// <summary>What they cost in USD, where the catalog prices the embeddings model (this session's figure; not kept in the store).</summary>
    public double EmbeddingCostUsd { get; init; }
}
