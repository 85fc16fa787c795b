namespace Crossover.Evaluation.Experiments;

/// <summary>An experiment: a dataset, a task, candidates to compare, metrics, repeats and call policy (docs/experiment.md).</summary>
/// <param name="Name">The experiment's name.</param>
/// <param name="File">The file it was read from (relative paths inside resolve against its folder).</param>
/// <param name="Dataset">The labeled data.</param>
/// <param name="Task">What the model must do.</param>
/// <param name="Candidates">The candidates compared.</param>
/// <param name="Metrics">Metric names; the first (or <c>primary</c>) is the quality the decision uses.</param>
/// <param name="Primary">The primary metric.</param>
/// <param name="Repeats">Samples per item.</param>
/// <param name="Concurrency">Calls in flight at once.</param>
/// <param name="Temperature">Sampling temperature unless a candidate sets its own.</param>
/// <param name="MaxOutputTokens">Output token cap per call.</param>
/// <param name="Calls">Timeouts and retries.</param>
public sealed record Experiment(
    string Name,
    string File,
    DatasetSpec Dataset,
    TaskSpec Task,
    IReadOnlyList<CandidateSpec> Candidates,
    IReadOnlyList<string> Metrics,
    string Primary,
    int Repeats,
    int Concurrency,
    double? Temperature,
    int? MaxOutputTokens,
    CallPolicy Calls);

/// <summary>Where the data is and how it is split.</summary>
/// <param name="Path">The JSONL or CSV file, resolved to a full path.</param>
/// <param name="Expected">The field holding the reference answer.</param>
/// <param name="Id">The field holding a stable item id, or null to use the line number.</param>
/// <param name="Split">The train/dev/test split.</param>
/// <param name="Evaluate">Which split the candidates are scored on: test, dev or all.</param>
/// <param name="Limit">Score at most this many items of that split, when set.</param>
public sealed record DatasetSpec(string Path, string Expected, string? Id, SplitSpec Split, string Evaluate, int? Limit);

/// <summary>Shares of the data per split (they sum to 1) and the shuffle seed.</summary>
/// <param name="Train">Share for few-shot demonstrations and fine-tuning.</param>
/// <param name="Dev">Share held for tuning prompts.</param>
/// <param name="Test">Share scored.</param>
/// <param name="Seed">The shuffle seed.</param>
public sealed record SplitSpec(double Train, double Dev, double Test, int Seed);

/// <summary>The kinds of task, each with its own scorers.</summary>
public enum TaskKind
{
    /// <summary>Pick one label.</summary>
    Classification,

    /// <summary>Return JSON fields.</summary>
    Extraction,

    /// <summary>Write free text.</summary>
    Generation,
}

/// <summary>What the model must do.</summary>
/// <param name="Kind">The task kind.</param>
/// <param name="Instructions">The system instructions.</param>
/// <param name="Input">The user-message template with <c>{{field}}</c> placeholders.</param>
/// <param name="Labels">The allowed labels (classification).</param>
/// <param name="OutputSchema">The JSON Schema text the answer must satisfy (extraction), when given.</param>
/// <param name="Regex">A pattern every output must match (metric <c>regex</c>), when given.</param>
/// <param name="Contains">Text every output must contain (metric <c>contains</c>), when given.</param>
public sealed record TaskSpec(TaskKind Kind, string Instructions, string Input, IReadOnlyList<string> Labels, string? OutputSchema, string? Regex, string? Contains);

/// <summary>One thing compared: a model with a prompting strategy.</summary>
/// <param name="Name">The candidate's name.</param>
/// <param name="Model">The model and its endpoint.</param>
/// <param name="Strategy">How the prompt is built.</param>
/// <param name="Temperature">Its sampling temperature, when it overrides the experiment's.</param>
public sealed record CandidateSpec(string Name, ModelSpec Model, StrategySpec Strategy, double? Temperature);

/// <summary>A model behind a provider.</summary>
/// <param name="Provider">openai, azure-openai, ollama, anthropic or local (or any registered provider).</param>
/// <param name="Id">The model id (the deployment name for azure-openai).</param>
/// <param name="BaseUrl">The endpoint, when not the provider's default.</param>
/// <param name="BaseUrlEnv">An environment variable that, when set, overrides <paramref name="BaseUrl"/> (so one file serves several endpoints).</param>
/// <param name="ApiKeyEnv">The environment variable holding the key, when the provider needs one.</param>
/// <param name="RequestsPerMinute">A request rate limit for this endpoint, when set.</param>
/// <param name="TokensPerMinute">A token rate limit for this endpoint, when set.</param>
/// <param name="PriceAs">The catalog id to price calls as, when the model id is not in the catalog.</param>
public sealed record ModelSpec(string Provider, string Id, string? BaseUrl, string? BaseUrlEnv, string? ApiKeyEnv, int? RequestsPerMinute, int? TokensPerMinute, string? PriceAs);

/// <summary>The prompting strategies.</summary>
public enum StrategyKind
{
    /// <summary>Instructions and the input only.</summary>
    ZeroShot,

    /// <summary>Instructions, k demonstrations from the train split, then the input.</summary>
    FewShot,

    /// <summary>Reason first, then a final line <c>Answer: …</c> the scorer extracts.</summary>
    ChainOfThought,

    /// <summary>Answer as JSON: JSON mode / JSON Schema where the provider has it, the schema in the prompt always.</summary>
    Structured,
}

/// <summary>How few-shot demonstrations are picked from the train split.</summary>
public enum ShotSelection
{
    /// <summary>Uniformly at random (seeded per item).</summary>
    Random,

    /// <summary>Round-robin over labels so each label is shown.</summary>
    Stratified,

    /// <summary>The train examples most similar to the input by BM25.</summary>
    Similar,
}

/// <summary>How a candidate builds its prompt.</summary>
/// <param name="Kind">The strategy.</param>
/// <param name="Shots">Demonstrations per prompt (0 for zero-shot).</param>
/// <param name="Select">How demonstrations are picked.</param>
public sealed record StrategySpec(StrategyKind Kind, int Shots, ShotSelection Select);

/// <summary>Per-call timeout and retry policy.</summary>
/// <param name="Timeout">The timeout of one attempt.</param>
/// <param name="Retries">Retries after the first attempt on 429, 5xx, timeouts and dropped connections.</param>
/// <param name="Backoff">The first retry's base delay; it doubles per attempt, with jitter, unless the server sends Retry-After.</param>
/// <param name="MaxRetryAfter">The longest Retry-After honoured before the call is recorded as an error.</param>
public sealed record CallPolicy(TimeSpan Timeout, int Retries, TimeSpan Backoff, TimeSpan MaxRetryAfter);
