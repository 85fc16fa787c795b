using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Data;

/// <summary>The dataset cut into train, dev and test.</summary>
/// <param name="Train">Demonstrations and fine-tuning data.</param>
/// <param name="Dev">Held out for prompt tuning.</param>
/// <param name="Test">Scored.</param>
public sealed record DataSplit(IReadOnlyList<DataItem> Train, IReadOnlyList<DataItem> Dev, IReadOnlyList<DataItem> Test)
{
    /// <summary>Cuts items by the spec's shares with a seeded shuffle; stratified by the expected label when asked, so each split keeps the label mix.</summary>
    /// <param name="items">The items.</param>
    /// <param name="spec">The shares and seed.</param>
    /// <param name="stratify">Whether to split each label separately (classification).</param>
    /// <returns>The split.</returns>
    public static DataSplit Create(IReadOnlyList<DataItem> items, SplitSpec spec, bool stratify)
    {
        ArgumentNullException.ThrowIfNull(items);
        var assignment = SplitAssignment.Create(items.Count, stratify ? [.. items.Select(i => SplitAssignment.Stratum(i.Expected))] : null, spec);
        return new DataSplit(
            [.. assignment.Train.Select(i => items[i])],
            [.. assignment.Dev.Select(i => items[i])],
            [.. assignment.Test.Select(i => items[i])]);
    }

    /// <summary>The items the experiment scores.</summary>
    /// <param name="spec">The dataset spec (which split, and an optional limit).</param>
    /// <returns>The items.</returns>
    public IReadOnlyList<DataItem> Scored(DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        IEnumerable<DataItem>[] picked = spec.Evaluate switch
        {
            "dev" => [Dev],
            "train" => [Train],
            "all" => [[.. Train, .. Dev, .. Test]],
            "dev+test" => [Dev, Test],
            _ => [Test],
        };
        return [.. picked.SelectMany(items => spec.Limit is { } limit ? items.Take(limit) : items)];
    }
}
