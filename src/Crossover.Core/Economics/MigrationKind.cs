namespace Crossover.Core.Economics;

/// <summary>How an option leaves a model that stops serving.</summary>
public enum MigrationKind
{
    /// <summary>The prompt moves to the successor and is called at the successor's prices.</summary>
    PromptPort,

    /// <summary>A new fine-tune is trained on the successor and called at its tuned prices.</summary>
    Retune,
}
