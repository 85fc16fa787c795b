using Crossover.Evaluation.Strategies;

namespace Crossover.Evaluation.Experiments;

/// <summary>How a candidate builds its prompt.</summary>
/// <param name="Kind">The strategy (<c>strategy.kind</c>), as the registry resolved it.</param>
/// <param name="Shots">Demonstrations per prompt (0 for zero-shot).</param>
/// <param name="Select">How demonstrations are picked.</param>
public sealed record StrategySpec(IPromptStrategy Kind, int Shots, ShotSelection Select)
{
    /// <summary>How <see cref="ShotSelection.Similar"/> measures similarity (BM25 unless embeddings are configured).</summary>
    public Similarity Similarity { get; init; }

    /// <summary>The embeddings model, when <see cref="Similarity"/> is <see cref="Similarity.Embeddings"/>.</summary>
    public ModelSpec? Embeddings { get; init; }

    /// <summary>Instructions that replace the task's (from a prompt file), or null to use the task's.</summary>
    public string? Instructions { get; init; }

    /// <summary>The output-format wording that replaces the strategy's default sentence (from a prompt file), or null.</summary>
    public string? Format { get; init; }

    /// <summary>The train items shown as demonstrations, by id and in order, when <see cref="Select"/> is <see cref="ShotSelection.Fixed"/>.</summary>
    public IReadOnlyList<string> Demonstrations { get; init; } = [];

    /// <summary>The prompt file these overrides came from, when any (relative to the experiment file as written).</summary>
    public string? PromptFile { get; init; }
}
