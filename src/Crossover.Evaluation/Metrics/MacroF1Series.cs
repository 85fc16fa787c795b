using Crossover.Core.Statistics;
using Crossover.Evaluation.Results;

namespace Crossover.Evaluation.Metrics;

/// <summary>
/// Macro-F1 over the reference classes, bootstrapped over items. Each record is kept as two class indices (its
/// reference and its parsed label, labels compared ignoring case), so the statistic can be recomputed on any resample
/// without the records; an unparsed answer counts as a miss of its true class.
/// </summary>
internal sealed class MacroF1Series : IMetricSeries
{
    private const int NoLabel = -1;
    private readonly Dictionary<string, int> _classes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<int> _truths = [];
    private readonly List<int> _guesses = [];

    // Item i's records are _truths[_starts[i] .. _starts[i + 1]).
    private readonly List<int> _starts = [0];

    public int Count => _starts.Count - 1;

    public void Add(IReadOnlyList<ScoredRecord> repeats)
    {
        foreach (var record in repeats)
        {
            _truths.Add(ClassOf(record.Expected.Trim()));
            _guesses.Add(record.Parsed is { } parsed ? ClassOf(parsed.Trim()) : NoLabel);
        }

        _starts.Add(_truths.Count);
    }

    public MetricResult Estimate()
    {
        var interval = Stats.Bootstrap(Count, MacroF1, IMetricSeries.Seed);
        return new MetricResult(interval.Value, interval.Low, interval.High, "bootstrap");
    }

    public PairedComparison Compare(IMetricSeries other, IReadOnlyList<int> mine, IReadOnlyList<int> theirs)
    {
        var second = (MacroF1Series)other;
        return Stats.PairedBootstrap(mine.Count, idx => MacroF1([.. idx.Select(i => mine[i])]), idx => second.MacroF1([.. idx.Select(i => theirs[i])]), IMetricSeries.Seed);
    }

    private int ClassOf(string label)
    {
        if (!_classes.TryGetValue(label, out var index))
        {
            index = _classes.Count;
            _classes[label] = index;
        }

        return index;
    }

    /// <summary>Macro-F1 of the records of <paramref name="items"/> (with repeats), averaged over classes in order of first appearance.</summary>
    private double MacroF1(IReadOnlyList<int> items)
    {
        var tp = new int[_classes.Count];
        var fp = new int[_classes.Count];
        var fn = new int[_classes.Count];
        var seen = new bool[_classes.Count];
        var classes = new List<int>();
        foreach (var item in items)
        {
            for (var k = _starts[item]; k < _starts[item + 1]; k++)
            {
                var truth = _truths[k];
                var guess = _guesses[k];
                if (!seen[truth])
                {
                    seen[truth] = true;
                    classes.Add(truth);
                }

                if (guess == truth)
                {
                    tp[truth]++;
                    continue;
                }

                fn[truth]++;
                if (guess != NoLabel)
                {
                    fp[guess]++;
                }
            }
        }

        if (classes.Count == 0)
        {
            return 0;
        }

        return classes.Average(c =>
        {
            var denominator = (2 * tp[c]) + fp[c] + fn[c];
            return denominator == 0 ? 0 : 2.0 * tp[c] / denominator;
        });
    }
}
