using System.Collections;
using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Data;

/// <summary>
/// The seeded, optionally stratified split computed from the labels alone: which record positions (0-based, file order)
/// fall in train, dev and test. The runner computes it from a first pass that keeps only the labels, then streams the
/// records it needs in a second pass, so memory does not grow with the dataset (docs/benchmarks.md).
/// </summary>
/// <param name="Train">Positions in train, in split order.</param>
/// <param name="Dev">Positions in dev, in split order.</param>
/// <param name="Test">Positions in test, in split order.</param>
public sealed record SplitAssignment(IReadOnlyList<int> Train, IReadOnlyList<int> Dev, IReadOnlyList<int> Test)
{
    /// <summary>Assigns positions by the spec's shares with a seeded shuffle, per label when stratified.</summary>
    /// <param name="count">The number of records.</param>
    /// <param name="strata">Each record's stratum (see <see cref="Stratum"/>), in file order; null for an unstratified split.</param>
    /// <param name="spec">The shares and seed.</param>
    /// <returns>The assignment.</returns>
    public static SplitAssignment Create(int count, IReadOnlyList<string>? strata, SplitSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var random = new Random(spec.Seed);
        var positions = Enumerable.Range(0, count);
        var groups = strata is not null
            ? positions.GroupBy(i => strata[i]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList())
            : [positions.ToList()];
        List<int> train = [], dev = [], test = [];
        foreach (var group in groups)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(group));
            var trainCount = (int)Math.Round(group.Count * spec.Train);
            var devCount = (int)Math.Round(group.Count * spec.Dev);
            devCount = Math.Min(devCount, group.Count - trainCount);
            train.AddRange(group.Take(trainCount));
            dev.AddRange(group.Skip(trainCount).Take(devCount));
            test.AddRange(group.Skip(trainCount + devCount));
        }

        return new SplitAssignment(train, dev, test);
    }

    /// <summary>The stratum of a reference answer: its label, trimmed and lower-cased.</summary>
    /// <param name="expected">The reference answer.</param>
    /// <returns>The stratum key.</returns>
    public static string Stratum(string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return expected.Trim().ToLowerInvariant();
    }

    /// <summary>The positions the experiment scores (the same items <see cref="DataSplit.Scored"/> picks), as a set.</summary>
    /// <param name="spec">The dataset spec (which split, and an optional limit).</param>
    /// <param name="count">The number of records.</param>
    /// <returns>One bit per record.</returns>
    public BitArray Scored(DatasetSpec spec, int count)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // dev+test scores both, the limit applying to each, so a cascade can be calibrated on dev and reported on test.
        IEnumerable<int>[] picked = spec.Evaluate switch
        {
            "dev" => [Dev],
            "train" => [Train],
            "all" => [[.. Train, .. Dev, .. Test]],
            "dev+test" => [Dev, Test],
            _ => [Test],
        };
        var set = new BitArray(count);
        foreach (var positions in picked)
        {
            foreach (var position in spec.Limit is { } limit ? positions.Take(limit) : positions)
            {
                set[position] = true;
            }
        }

        return set;
    }
}
