namespace Crossover.Evaluation.Strategies;

/// <summary>The names of the built-in prompt strategies, as experiments write them in <c>strategy.kind</c>.</summary>
public static class StrategyNames
{
    /// <summary>Instructions and the input only.</summary>
    public const string ZeroShot = "zero-shot";

    /// <summary>Instructions, demonstrations from the train split, then the input.</summary>
    public const string FewShot = "few-shot";

    /// <summary>Reason first, then a final line <c>Answer: …</c>.</summary>
    public const string ChainOfThought = "chain-of-thought";

    /// <summary>Answer as JSON, with a JSON Schema response format.</summary>
    public const string Structured = "structured";
}
