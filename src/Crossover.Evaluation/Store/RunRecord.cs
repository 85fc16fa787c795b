namespace Crossover.Evaluation.Store;

/// <summary>One append-only record: a candidate's answer to one item on one repeat, scored, or the error that ended the call.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Candidate">The candidate's name.</param>
/// <param name="ItemId">The item's id.</param>
/// <param name="Repeat">The repeat number (0-based).</param>
/// <param name="PromptHash">SHA-256 of the rendered messages.</param>
/// <param name="Expected">The reference answer.</param>
/// <param name="Output">The model's text, null after an error.</param>
/// <param name="Parsed">The answer the scorer read, when it read one.</param>
/// <param name="Compliant">Whether the output parsed and validated.</param>
/// <param name="Scores">Per-record metric scores as JSON.</param>
/// <param name="InputTokens">Prompt tokens the provider reported (or counted, when it reported none).</param>
/// <param name="CachedTokens">Cached prompt tokens the provider reported.</param>
/// <param name="OutputTokens">Output tokens the provider reported (or counted).</param>
/// <param name="InstructionTokens">Counted tokens of the system instructions.</param>
/// <param name="ExampleTokens">Counted tokens of the few-shot demonstrations.</param>
/// <param name="ItemTokens">Counted tokens of the item's input message.</param>
/// <param name="LatencyMs">The answered attempt's latency.</param>
/// <param name="FromCache">Whether the answer came from the response cache.</param>
/// <param name="Error">What ended the call, when it failed after retries.</param>
public sealed record RunRecord(
    string RunId,
    string Candidate,
    string ItemId,
    int Repeat,
    string PromptHash,
    string Expected,
    string? Output,
    string? Parsed,
    bool Compliant,
    string Scores,
    long InputTokens,
    long CachedTokens,
    long OutputTokens,
    int InstructionTokens,
    int ExampleTokens,
    int ItemTokens,
    double LatencyMs,
    bool FromCache,
    string? Error)
{
    /// <summary>Why the judge gave no score (its call failed or its reply did not parse), when the experiment has a judge.</summary>
    public string? JudgeError { get; init; }

    /// <summary>The judge call's tokens when it reached the provider (null when there is no judge, the call failed, or it was a cache hit), so the judge's cost can be recomputed from the store.</summary>
    public JudgeUsage? JudgeUsage { get; init; }

    /// <summary>The split the item came from in a run that scores <c>dev+test</c> ("dev" or "test"); null in runs that score one split.</summary>
    public string? Split { get; init; }

    /// <summary>
    /// Prompt tokens the provider wrote to its cache (part of <see cref="InputTokens"/>), priced at the write premium where the
    /// model has one; 0 when it reported none, and in stores from before the column.
    /// </summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>The answer's per-token natural-log probabilities, when the experiment asked for them and the provider returned them.</summary>
    public IReadOnlyList<double>? LogProbs { get; init; }
}

/// <summary>The tokens of one judge call a provider answered.</summary>
/// <param name="Input">Prompt tokens, cached included.</param>
/// <param name="Cached">Cached prompt tokens.</param>
/// <param name="Output">Output tokens.</param>
public sealed record JudgeUsage(long Input, long Cached, long Output);
