namespace Crossover.Evaluation.Experiments;

/// <summary>Where the data is and how it is split.</summary>
/// <param name="Path">The JSONL or CSV file, resolved to a full path.</param>
/// <param name="Expected">The field holding the reference answer.</param>
/// <param name="Id">The field holding a stable item id, or null to use the line number.</param>
/// <param name="Split">The train/dev/test split.</param>
/// <param name="Evaluate">Which split the candidates are scored on: test, dev, dev+test (dev to calibrate on, test to report; each record says which) or all (train only for the optimizer's bootstrapping, never from a file).</param>
/// <param name="Limit">Score at most this many items of that split, when set.</param>
public sealed record DatasetSpec(string Path, string Expected, string? Id, SplitSpec Split, string Evaluate, int? Limit)
{
    /// <summary>The classes every expected value must be one of (a classification task's labels); empty: any value.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}
