namespace Crossover.Evaluation.Experiments;

/// <summary>The kinds of task, each with its own scorers.</summary>
public enum TaskKind
{
    /// <summary>Pick one label.</summary>
    Classification,

    /// <summary>Return JSON fields.</summary>
    Extraction,

    /// <summary>Write free text.</summary>
    Generation,
}
