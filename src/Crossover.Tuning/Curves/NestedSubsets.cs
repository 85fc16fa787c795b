using Crossover.Evaluation.Data;

namespace Crossover.Tuning.Curves;

/// <summary>
/// One seeded order of the train split whose every prefix keeps the label mix, so the subset of each size is the
/// first N items and a smaller subset is always part of a larger one.
/// </summary>
internal static class NestedSubsets
{
    /// <summary>
    /// Shuffles each label's items with the seed, places item k of a label with n items at (k + ½) / n, and sorts by that
    /// position: any prefix then holds each label in proportion to its share (within one item).
    /// </summary>
    public static IReadOnlyList<DataItem> Order(IReadOnlyList<DataItem> train, bool stratify, int seed)
    {
        var random = new Random(seed);
        var groups = stratify
            ? train.GroupBy(i => i.Expected.Trim().ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToList()
            : [train.ToArray()];
        var placed = new List<(double Position, int Group, DataItem Item)>(train.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            random.Shuffle(groups[g]);
            for (var k = 0; k < groups[g].Length; k++)
            {
                placed.Add(((k + 0.5) / groups[g].Length, g, groups[g][k]));
            }
        }

        return [.. placed.OrderBy(p => p.Position).ThenBy(p => p.Group).Select(p => p.Item)];
    }
}
