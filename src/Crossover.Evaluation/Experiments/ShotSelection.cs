namespace Crossover.Evaluation.Experiments;

/// <summary>How few-shot demonstrations are picked from the train split.</summary>
public enum ShotSelection
{
    /// <summary>Uniformly at random (seeded per item).</summary>
    Random,

    /// <summary>Round-robin over labels so each label is shown.</summary>
    Stratified,

    /// <summary>The train examples most similar to the input by BM25.</summary>
    Similar,

    /// <summary>The listed train items, in the listed order (a prompt file's <c>demonstrations</c>, as <c>crossover optimize</c> writes them).</summary>
    Fixed,
}
