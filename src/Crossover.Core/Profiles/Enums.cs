namespace Crossover.Core.Profiles;

#pragma warning disable CS1591 // Members are documented in docs/profile.md, where each value's effect is explained.

/// <summary>Where the feature is in its life.</summary>
public enum Stage { Prototype, Production }

/// <summary>What the model is asked to do.</summary>
public enum TaskKind { Classification, Extraction, Generation, QuestionAnswering, Transformation, Reasoning }

/// <summary>How far the domain's language and judgement are from what general models know.</summary>
public enum DomainSpecialization { General, Moderate, Specialized }

/// <summary>How often a thing changes.</summary>
public enum ChangeFrequency { Rarely, Quarterly, Monthly, Weekly, Daily }

/// <summary>How strictly the output must follow a format.</summary>
public enum FormatStrictness { None, Soft, Strict }

/// <summary>How much a consistent style or brand voice matters.</summary>
public enum StyleNeed { None, Some, Strong }

/// <summary>How much machine-learning experience the team has.</summary>
public enum Expertise { None, Some, Strong }

/// <summary>A qualitative low/medium/high level.</summary>
public enum Level { Low, Medium, High }

/// <summary>How long a provider keeps a written prompt-cache prefix (the profile writes 5m or 1h).</summary>
public enum CacheTtl { FiveMinutes, OneHour }

/// <summary>How the fine-tuned model is served.</summary>
public enum Hosting { Managed, SelfHosted }

/// <summary>The model architecture family, for the compute view (FLOPs per token).</summary>
public enum Architecture { DecoderOnly, EncoderDecoder }

/// <summary>What answers first in a cascade.</summary>
public enum CascadeTier { Prompted, FineTuned }

/// <summary>Who labels a distillation training set.</summary>
public enum Labeler { Prompted, People }

#pragma warning restore CS1591
