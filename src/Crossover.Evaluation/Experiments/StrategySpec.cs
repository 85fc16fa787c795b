namespace Crossover.Evaluation.Experiments;

/// <summary>How a candidate builds its prompt.</summary>
/// <param name="Kind">The strategy.</param>
/// <param name="Shots">Demonstrations per prompt (0 for zero-shot).</param>
/// <param name="Select">How demonstrations are picked.</param>
public sealed record StrategySpec(StrategyKind Kind, int Shots, ShotSelection Select)
{
    /// <summary>How <see cref="ShotSelection.Similar"/> measures similarity (BM25 unless embeddings are configured).</summary>
    public Similarity Similarity { get; init; }

    /// <summary>The embeddings model, when <see cref="Similarity"/> is <see cref="Similarity.Embeddings"/>.</summary>
    public ModelSpec? Embeddings { get; init; }
}
