using Crossover.Core.Statistics;
using Crossover.Evaluation.Results;

namespace Crossover.Evaluation.Metrics;

/// <summary>
/// A graded metric that may leave items ungraded (the judge): only graded items count, an ungraded one is neither a
/// pass nor a fail; the mean is bootstrapped like any graded mean, and pairs count only items both candidates got graded.
/// </summary>
/// <param name="metric">The metric's name in the records' scores.</param>
internal sealed class GradedMeans(string metric) : IMetricSeries
{
    // NaN marks an item no repeat of which was graded.
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(IReadOnlyList<ScoredRecord> repeats)
    {
        var graded = repeats.Select(r => r.Score(metric)).OfType<double>().ToList();
        _values.Add(graded.Count == 0 ? double.NaN : graded.Average());
    }

    public MetricResult Estimate()
    {
        var graded = _values.Where(v => !double.IsNaN(v)).ToList();
        var interval = graded.Count == 0 ? new Interval(0, 0, 0) : Stats.Bootstrap(graded.Count, idx => idx.Average(i => graded[i]), IMetricSeries.Seed);
        return new MetricResult(interval.Value, interval.Low, interval.High, "bootstrap");
    }

    public PairedComparison Compare(IMetricSeries other, IReadOnlyList<int> mine, IReadOnlyList<int> theirs)
    {
        var second = (GradedMeans)other;
        var pairs = mine.Zip(theirs, (a, b) => (A: _values[a], B: second._values[b])).Where(p => !double.IsNaN(p.A) && !double.IsNaN(p.B)).ToList();
        return Stats.ComparePaired([.. pairs.Select(p => p.A)], [.. pairs.Select(p => p.B)], IMetricSeries.Seed);
    }
}
