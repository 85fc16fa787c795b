namespace Crossover.Core.Economics;

/// <summary>The deployments Crossover prices and decides between (docs/decision.md, "Options").</summary>
public enum OptionKind
{
    /// <summary>The prompted deployment (with retrieval when facts change).</summary>
    Prompt,

    /// <summary>A fine-tuned model served with a short prompt.</summary>
    FineTune,

    /// <summary>A model fine-tuned for format or style, served with the instructions per request.</summary>
    FineTunePlusPrompt,

    /// <summary>A cheap tier answers first; a share of requests escalates to the strong prompted model.</summary>
    Cascade,

    /// <summary>The prompted model (or people) labels a training set; a small model is tuned on it and served.</summary>
    Distillation,
}
