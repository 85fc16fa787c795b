namespace Crossover.Core.Decisions;

/// <summary>Which way a criterion points.</summary>
public enum Direction
{
    /// <summary>Towards prompt engineering.</summary>
    PromptEngineering,

    /// <summary>Towards fine-tuning.</summary>
    FineTuning,

    /// <summary>Towards adding retrieval (RAG), whatever else is chosen.</summary>
    Retrieval,

    /// <summary>The criterion applies but points nowhere (recorded for transparency).</summary>
    Neutral,
}
