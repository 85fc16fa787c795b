namespace Crossover.Core.Decisions;

/// <summary>The three answers Crossover gives.</summary>
public enum Approach
{
    /// <summary>Ship a prompted model (optionally with retrieval).</summary>
    PromptEngineering,

    /// <summary>Fine-tune a model and serve it with a short prompt.</summary>
    FineTuning,

    /// <summary>Both, in one of the <see cref="HybridPattern"/>s.</summary>
    Hybrid,
}
