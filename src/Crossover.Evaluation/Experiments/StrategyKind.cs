namespace Crossover.Evaluation.Experiments;

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
