namespace Crossover.Core.Decisions;

/// <summary>How prompting and fine-tuning are combined (seed 001, "hybrid patterns").</summary>
public enum HybridPattern
{
    /// <summary>Fine-tune for format, style or tone; prompt (and retrieve) per request for what changes.</summary>
    FineTunePlusPrompt,

    /// <summary>A cheap tuned model answers the bulk; hard or uncertain requests fall through to a strong prompted model.</summary>
    Cascade,

    /// <summary>The strong prompted model labels data to fine-tune a smaller, cheaper student.</summary>
    Distillation,
}
