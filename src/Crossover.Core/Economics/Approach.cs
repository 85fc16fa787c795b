namespace Crossover.Core.Economics;

/// <summary>The three answers Crossover gives (here, with the economics, because each answer is priced before it is decided).</summary>
public enum Approach
{
    /// <summary>Ship a prompted model (optionally with retrieval).</summary>
    PromptEngineering,

    /// <summary>Fine-tune a model and serve it with a short prompt.</summary>
    FineTuning,

    /// <summary>Both, in one of the hybrid patterns (Decisions.HybridPattern).</summary>
    Hybrid,
}
