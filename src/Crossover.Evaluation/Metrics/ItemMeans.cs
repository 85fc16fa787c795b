using Crossover.Core.Statistics;
using Crossover.Evaluation.Results;

namespace Crossover.Evaluation.Metrics;

/// <summary>
/// A metric that is a mean over items of one value per item (its repeats reduced to one number): the interval is
/// Wilson when every value is 0 or 1 and a bootstrap otherwise; candidates are compared with McNemar's exact test or a
/// paired bootstrap (docs/statistics.md). Holds one double per item.
/// </summary>
/// <param name="itemValue">Reduces an item's answered repeats to its value in [0, 1].</param>
public sealed class ItemMeans(Func<IReadOnlyList<ScoredRecord>, double> itemValue) : IMetricSeries
{
    private readonly List<double> _values = [];

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <summary>The series of a per-record metric: each item's value is its repeats' mean stored score (a missing score counts 0).</summary>
    /// <param name="metric">The metric's name in the records' scores.</param>
    /// <returns>The series.</returns>
    public static ItemMeans OfStoredScore(string metric) => new(repeats => repeats.Average(r => r.Score(metric) ?? 0));

    /// <inheritdoc />
    public void Add(IReadOnlyList<ScoredRecord> repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        _values.Add(itemValue(repeats));
    }

    /// <inheritdoc />
    public MetricResult Estimate()
    {
        var mean = Stats.Mean(_values, IMetricSeries.Seed);
        return new MetricResult(mean.Value, mean.Low, mean.High, _values.All(s => s is 0 or 1) ? "wilson" : "bootstrap");
    }

    /// <inheritdoc />
    public PairedComparison Compare(IMetricSeries other, IReadOnlyList<int> mine, IReadOnlyList<int> theirs)
    {
        ArgumentNullException.ThrowIfNull(mine);
        ArgumentNullException.ThrowIfNull(theirs);
        var second = (ItemMeans)other;
        return Stats.ComparePaired([.. mine.Select(i => _values[i])], [.. theirs.Select(i => second._values[i])], IMetricSeries.Seed);
    }
}
