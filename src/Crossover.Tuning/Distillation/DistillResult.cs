using Crossover.LocalModels;

namespace Crossover.Tuning.Distillation;

/// <summary>What a distillation kept, what it dropped and why, and what the teacher cost.</summary>
/// <param name="Teacher">The teacher candidate's name.</param>
/// <param name="Model">The teacher's model id.</param>
/// <param name="Inputs">Rows read from the inputs file (after the limit).</param>
/// <param name="Repeats">Teacher answers asked per input.</param>
/// <param name="Kept">The training examples: the short production prompt as system message, the input, the teacher's answer.</param>
/// <param name="Rejected">Dropped inputs per reason (see <see cref="DistillReasons"/>).</param>
/// <param name="Usage">The teacher's calls, tokens and cost.</param>
public sealed record DistillResult(string Teacher, string Model, int Inputs, int Repeats, IReadOnlyList<TrainingExample> Kept, IReadOnlyDictionary<string, int> Rejected, TeacherUsage Usage);

/// <summary>The teacher's calls, tokens and cost during one distillation.</summary>
/// <param name="ProviderCalls">Calls the provider answered.</param>
/// <param name="CacheHits">Calls answered from the response cache (free).</param>
/// <param name="InputTokens">Prompt tokens billed, cached included.</param>
/// <param name="CachedTokens">Cached prompt tokens.</param>
/// <param name="OutputTokens">Output tokens billed.</param>
/// <param name="CostUsd">Tokens × the catalog's prices in USD; null when the model has no catalog price.</param>
/// <param name="PriceSource">Where the prices come from, when priced.</param>
public sealed record TeacherUsage(long ProviderCalls, long CacheHits, long InputTokens, long CachedTokens, long OutputTokens, double? CostUsd, string? PriceSource);

/// <summary>Why an input was dropped.</summary>
public static class DistillReasons
{
    /// <summary>The answer does not follow the strategy's envelope (no <c>Answer:</c> line, or no JSON <c>answer</c> field).</summary>
    public const string Malformed = "malformed";

    /// <summary>Classification: no known label could be read from the answer.</summary>
    public const string UnknownLabel = "unknown-label";

    /// <summary>Extraction: the answer is not JSON.</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>Extraction: the JSON does not match <c>task.outputSchema</c>.</summary>
    public const string SchemaMismatch = "schema-mismatch";

    /// <summary>The answer is empty.</summary>
    public const string Empty = "empty";

    /// <summary>The answer does not match <c>task.regex</c>.</summary>
    public const string RegexMismatch = "regex-mismatch";

    /// <summary>Every call for the input failed after retries.</summary>
    public const string CallFailed = "call-failed";

    /// <summary>With agreement required: a repeat failed a check or the repeats gave different answers.</summary>
    public const string Disagreement = "disagreement";

    /// <summary>The input is also in the experiment's dev or test split: training on it would leak into the scores.</summary>
    public const string HeldOut = "in-dev-or-test-split";

    /// <summary>The input repeats an earlier row (ignoring case, punctuation and spacing).</summary>
    public const string Duplicate = "duplicate-input";
}
