namespace Crossover.Core.Profiles;

/// <summary>
/// Everything Crossover knows about a use case: the facts a team writes in a profile file (docs/profile.md).
/// It never carries the answer. Numeric fields are <see cref="Estimate"/>s so any of them can be a range.
/// </summary>
public sealed record UseCaseProfile
{
    /// <summary>A short name for reports.</summary>
    public string Name { get; init; } = "use case";

    /// <summary>Free-text description for reports.</summary>
    public string? Description { get; init; }

    /// <summary>Prototype or production.</summary>
    public Stage Stage { get; init; } = Stage.Production;

    /// <summary>The kind of task.</summary>
    public TaskKind Task { get; init; } = TaskKind.Generation;

    /// <summary>How specialized the domain is.</summary>
    public DomainSpecialization Domain { get; init; } = DomainSpecialization.General;

    /// <summary>How often the desired behaviour (instructions, rules, output shape) changes.</summary>
    public ChangeFrequency BehaviorChanges { get; init; } = ChangeFrequency.Quarterly;

    /// <summary>How often the facts the model must know change.</summary>
    public ChangeFrequency KnowledgeChanges { get; init; } = ChangeFrequency.Rarely;

    /// <summary>Output-format requirements.</summary>
    public FormatRequirement Format { get; init; } = new();

    /// <summary>Style or brand-voice need.</summary>
    public StyleNeed Style { get; init; } = StyleNeed.None;

    /// <summary>Traffic and latency.</summary>
    public Traffic Traffic { get; init; } = new();

    /// <summary>Training data on hand.</summary>
    public DataAssets Data { get; init; } = new();

    /// <summary>The team.</summary>
    public Team Team { get; init; } = new();

    /// <summary>The quality bar and what is known of each approach's quality.</summary>
    public QualityTargets Quality { get; init; } = new();

    /// <summary>The prompted deployment.</summary>
    public PromptedDeployment Prompted { get; init; } = new();

    /// <summary>The fine-tuned deployment.</summary>
    public FineTunedDeployment FineTuned { get; init; } = new();

    /// <summary>The cascade (waterfall) option: a cheap tier first, a share escalated to the strong prompted model.</summary>
    public CascadeSettings Cascade { get; init; } = new();

    /// <summary>The distillation option: the prompted model labels, a small model is tuned on its answers.</summary>
    public DistillationSettings Distillation { get; init; } = new();

    /// <summary>Months from go to the first production version, per option (seed 000's defaults).</summary>
    public LeadTimes LeadTimeMonths { get; init; } = new();

    /// <summary>How the options are judged: the feasibility threshold and the value of launching sooner.</summary>
    public DecisionSettings Decision { get; init; } = new();

    /// <summary>Monthly cost of evaluating the feature, paid by either approach.</summary>
    public Estimate EvaluationUsdPerMonth { get; init; } = 0;

    /// <summary>Where the profile was read from, so later errors (a model missing from the catalog) can name file and line.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ProfileSource? Source { get; init; }

    /// <summary>Inline prices that override the catalog for this profile only.</summary>
    public Catalog.PriceCatalog? PriceOverrides { get; init; }
}

/// <summary>Output-format requirements.</summary>
public sealed record FormatRequirement
{
    /// <summary>none, soft or strict.</summary>
    public FormatStrictness Strictness { get; init; } = FormatStrictness.None;

    /// <summary>The share of outputs that must parse and validate (0–1).</summary>
    public Estimate RequiredCompliance { get; init; } = 0.95;
}

/// <summary>Traffic, growth, horizon and latency.</summary>
public sealed record Traffic
{
    /// <summary>Requests per month now.</summary>
    public Estimate RequestsPerMonth { get; init; } = 10_000;

    /// <summary>Monthly growth rate (0.05 = +5 % a month).</summary>
    public Estimate MonthlyGrowth { get; init; } = 0;

    /// <summary>How many months to total costs over.</summary>
    public int HorizonMonths { get; init; } = 12;

    /// <summary>The p95 latency objective in milliseconds, when there is one.</summary>
    public Estimate? LatencySloP95Ms { get; init; }
}

/// <summary>Labeled data and the means to get more.</summary>
public sealed record DataAssets
{
    /// <summary>Labeled examples on hand.</summary>
    public Estimate LabeledExamples { get; init; } = 0;

    /// <summary>USD to label one more example.</summary>
    public Estimate CostPerLabelUsd { get; init; } = 1;

    /// <summary>Whether more examples can be labeled at all.</summary>
    public bool CanLabelMore { get; init; } = true;

    /// <summary>Preference pairs (chosen/rejected) on hand, for DPO.</summary>
    public Estimate PreferencePairs { get; init; } = 0;

    /// <summary>Training examples a tuned model needs to beat the prompt, when known (measured by <c>crossover tune curve</c>).</summary>
    public int? ExamplesNeeded { get; init; }

    /// <summary>The largest training set a learning curve tried without the tuned model beating the prompt, when that happened.</summary>
    public int? NotBeatenUpTo { get; init; }
}

/// <summary>The team's skills and constraints.</summary>
public sealed record Team
{
    /// <summary>ML expertise.</summary>
    public Expertise MlExpertise { get; init; } = Expertise.None;

    /// <summary>How much vendor lock-in the team accepts.</summary>
    public Level LockInTolerance { get; init; } = Level.Medium;

    /// <summary>Whether data residency requires self-hosting the model.</summary>
    public bool SelfHostRequired { get; init; }
}

/// <summary>The quality bar and known or expected quality of each approach.</summary>
public sealed record QualityTargets
{
    /// <summary>The quality the feature needs (task metric, 0–1).</summary>
    public Estimate Bar { get; init; } = 0.9;

    /// <summary>Measured or expected quality with prompting, when known.</summary>
    public Estimate? Prompting { get; init; }

    /// <summary>Measured or expected format compliance with prompting, when known.</summary>
    public Estimate? PromptingFormatCompliance { get; init; }

    /// <summary>Measured or expected p95 latency of the prompted deployment in milliseconds, when known.</summary>
    public Estimate? PromptingLatencyP95Ms { get; init; }

    /// <summary>Items the prompting quality was measured on; with it the quality is a posterior (Beta from correct / total), without it a stated value.</summary>
    public int? PromptingItems { get; init; }

    /// <summary>Measured or expected quality of a fine-tuned model, when known.</summary>
    public Estimate? FineTuned { get; init; }

    /// <summary>Measured or expected format compliance of a fine-tuned model, when known.</summary>
    public Estimate? FineTunedFormatCompliance { get; init; }

    /// <summary>Items the fine-tuned quality was measured on (see <see cref="PromptingItems"/>).</summary>
    public int? FineTunedItems { get; init; }
}

/// <summary>The prompted deployment: a hosted model called with the full prompt.</summary>
public sealed record PromptedDeployment
{
    /// <summary>The model id (a catalog id).</summary>
    public string Model { get; init; } = "gpt-4.1";

    /// <summary>Tokens of instructions in the system prompt.</summary>
    public Estimate SystemPromptTokens { get; init; } = 500;

    /// <summary>Few-shot examples in the prompt.</summary>
    public Estimate FewShotCount { get; init; } = 0;

    /// <summary>Tokens per few-shot example.</summary>
    public Estimate TokensPerExample { get; init; } = 150;

    /// <summary>Tokens that vary per request: the input itself plus any retrieved context.</summary>
    public Estimate InputTokens { get; init; } = 300;

    /// <summary>Output tokens per request.</summary>
    public Estimate OutputTokens { get; init; } = 200;

    /// <summary>Share (0–1) of the static prefix (instructions + examples) that is identical across requests and so cacheable.</summary>
    public Estimate CacheablePrefixShare { get; init; } = 1;

    /// <summary>Share (0–1) of requests that find the prefix in the provider's cache.</summary>
    public Estimate CacheHitRate { get; init; } = 0;

    /// <summary>The cache lifetime the prefix's writes buy: 5 minutes (the provider's cache-write rate) or 1 hour (its 1-hour rate).</summary>
    public CacheTtl CacheTtl { get; init; } = CacheTtl.FiveMinutes;

    /// <summary>One-off engineering cost of building the prompt, USD.</summary>
    public Estimate EngineeringUsd { get; init; } = 0;

    /// <summary>Monthly maintenance cost, USD.</summary>
    public Estimate MaintenanceUsdPerMonth { get; init; } = 0;

    /// <summary>Model parameters in billions, for the compute view of an open model.</summary>
    public double? ParametersBillions { get; init; }
}

/// <summary>The fine-tuned deployment: a tuned model called with a short prompt.</summary>
public sealed record FineTunedDeployment
{
    /// <summary>The base model id (a catalog id).</summary>
    public string BaseModel { get; init; } = "llama-3.1-8b-instruct";

    /// <summary>Managed per-token serving or self-hosted GPUs.</summary>
    public Hosting Hosting { get; init; } = Hosting.Managed;

    /// <summary>Tokens of instructions left in the tuned model's system prompt.</summary>
    public Estimate SystemPromptTokens { get; init; } = 50;

    /// <summary>Per-request input tokens; null means the same as the prompted deployment.</summary>
    public Estimate? InputTokens { get; init; }

    /// <summary>Output tokens; null means the same as the prompted deployment.</summary>
    public Estimate? OutputTokens { get; init; }

    /// <summary>GPU catalog id for self-hosting and self-hosted training.</summary>
    public string? Gpu { get; init; }

    /// <summary>USD per GPU-hour; overrides the catalog's price of <see cref="Gpu"/>.</summary>
    public Estimate? GpuHourlyUsd { get; init; }

    /// <summary>Requests one GPU serves per hour at the latency target.</summary>
    public Estimate RequestsPerGpuHour { get; init; } = 3_600;

    /// <summary>Replicas kept running even with no load.</summary>
    public int MinReplicas { get; init; } = 1;

    /// <summary>Training examples used (labeling covers any shortfall against the data on hand).</summary>
    public Estimate TrainingExamples { get; init; } = 1_000;

    /// <summary>Training epochs.</summary>
    public Estimate Epochs { get; init; } = 3;

    /// <summary>Tokens per training example.</summary>
    public Estimate TokensPerExample { get; init; } = 500;

    /// <summary>Retraining runs per year.</summary>
    public Estimate RetrainsPerYear { get; init; } = 2;

    /// <summary>Engineering per retraining run beyond the run itself (data refresh, regression checks), USD.</summary>
    public Estimate RetrainUsd { get; init; } = 0;

    /// <summary>One-off engineering cost of the fine-tuning project, USD.</summary>
    public Estimate EngineeringUsd { get; init; } = 5_000;

    /// <summary>Monthly maintenance, USD.</summary>
    public Estimate MaintenanceUsdPerMonth { get; init; } = 500;

    /// <summary>Model parameters in billions (self-hosted training GPU-hours and the compute view).</summary>
    public double? ParametersBillions { get; init; }

    /// <summary>Architecture family for FLOPs per token.</summary>
    public Architecture Architecture { get; init; } = Architecture.DecoderOnly;

    /// <summary>Share of peak GPU FLOP/s actually achieved in training (model FLOPs utilization).</summary>
    public Estimate TrainingUtilization { get; init; } = 0.35;
}

/// <summary>The cascade option (seed 001's waterfall): a cheap tier answers first and a share of requests escalates to the strong prompted model.</summary>
public sealed record CascadeSettings
{
    /// <summary>Share (0–1) of requests that need the strong model; unset leaves the cascade unpriced (and the option out).</summary>
    public Estimate? StrongShare { get; init; }

    /// <summary>What answers first: a prompted small model or the fine-tuned model.</summary>
    public CascadeTier CheapTier { get; init; } = CascadeTier.Prompted;

    /// <summary>The prompted cheap model (a catalog id); null means the fine-tuned deployment's base model, prompted.</summary>
    public string? CheapModel { get; init; }

    /// <summary>The gate's own cost per request (a classifier or a verifier call), USD.</summary>
    public Estimate GateUsdPerRequest { get; init; } = 0;

    /// <summary>One-off engineering cost of building the router and its fallback, USD.</summary>
    public Estimate EngineeringUsd { get; init; } = 5_000;

    /// <summary>The cascade's quality when measured or stated (a measured cascade from an evaluation run fills it).</summary>
    public Estimate? Quality { get; init; }

    /// <summary>Items the cascade's quality was measured on.</summary>
    public int? QualityItems { get; init; }

    /// <summary>The cascade's measured cost per request (cheap tier + escalations + gate), USD; replaces the computed one.</summary>
    public double? MeasuredCostPerRequestUsd { get; init; }
}

/// <summary>The distillation option: labels come from the prompted model (or people), a small model is tuned on them.</summary>
public sealed record DistillationSettings
{
    /// <summary>Who labels the training set.</summary>
    public Labeler Labeler { get; init; } = Labeler.Prompted;

    /// <summary>Examples to label and train on; null takes the data rule (a learning curve's size, else the task's robust size).</summary>
    public Estimate? Examples { get; init; }

    /// <summary>Share (0–1) of model-made labels a person checks, at <c>data.costPerLabelUsd</c> each.</summary>
    public Estimate CheckShare { get; init; } = 0.1;
}

/// <summary>Months from go to the first production version of each option; during it the prompted deployment serves the traffic.</summary>
public sealed record LeadTimes
{
    /// <summary>Prompting: hours to days (seed 000).</summary>
    public Estimate Prompt { get; init; } = 0.1;

    /// <summary>Fine-tuning: weeks to months (seed 000).</summary>
    public Estimate FineTune { get; init; } = 1.5;

    /// <summary>Fine-tuning plus a per-request prompt.</summary>
    public Estimate FineTunePlusPrompt { get; init; } = 1.5;

    /// <summary>A cascade: a router and a cheap tier (a prompted cheap tier needs no training).</summary>
    public Estimate Cascade { get; init; } = 0.5;

    /// <summary>Distillation: labeling by the prompted model is fast, but tuning and its checks take as long as any fine-tune.</summary>
    public Estimate Distillation { get; init; } = 1.5;
}

/// <summary>How the options are judged.</summary>
public sealed record DecisionSettings
{
    /// <summary>The probability (0–1) of meeting every bar an option needs to count as feasible.</summary>
    public double FeasibilityThreshold { get; init; } = 0.6;

    /// <summary>What one month of the feature in production is worth, USD; prices a later launch (0 = not priced).</summary>
    public Estimate ValuePerMonthUsd { get; init; } = 0;
}
