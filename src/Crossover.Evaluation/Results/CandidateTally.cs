using Crossover.Core.Statistics;
using Crossover.Evaluation.Metrics;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Results;

/// <summary>
/// One candidate's part of a run report, fed one item at a time: counts, latencies, token sums, the first distinct
/// errors, and one series per metric. Records are not kept once their item is added.
/// </summary>
internal sealed class CandidateTally
{
    private const int SampleSize = 3;
    private readonly Dictionary<string, IMetricSeries> _series = new(StringComparer.Ordinal);
    private readonly List<int> _items = [];
    private readonly List<double> _latencies = [];
    private readonly List<string> _sampleErrors = [];
    private readonly List<string> _sampleJudgeErrors = [];
    private int _records;
    private int _errors;
    private int _cacheHits;
    private int _judgeErrors;
    private double _input;
    private double _cached;
    private double _cacheWrites;
    private double _output;
    private double _instructions;
    private double _examples;
    private double _itemInput;

    /// <summary>Creates the tally of one candidate for the run's metrics, its primary metric and format compliance.</summary>
    public CandidateTally(IEnumerable<string> metrics, string primary, MetricRegistry registry)
    {
        foreach (var metric in metrics.Append(primary).Append(MetricNames.FormatCompliance))
        {
            if (!_series.ContainsKey(metric))
            {
                _series[metric] = registry.CreateSeries(metric);
            }
        }
    }

    /// <summary>The stream positions of the items this candidate answered, ascending; the series hold them in the same order.</summary>
    public IReadOnlyList<int> Items => _items;

    /// <summary>This candidate's series of <paramref name="metric"/>.</summary>
    public IMetricSeries Series(string metric) => _series[metric];

    /// <summary>Adds one item's records (errors included), in repeat order.</summary>
    /// <param name="item">The item's position in the stream.</param>
    /// <param name="records">The candidate's records of the item.</param>
    public void Add(int item, IReadOnlyList<RunRecord> records)
    {
        var answered = new List<ScoredRecord>(records.Count);
        foreach (var record in records)
        {
            _records++;
            _cacheHits += record.FromCache ? 1 : 0;
            if (record.JudgeError is { } judgeError)
            {
                _judgeErrors++;
                AddSample(_sampleJudgeErrors, judgeError);
            }

            if (record.Error is { } error)
            {
                _errors++;
                AddSample(_sampleErrors, error);
                continue;
            }

            _latencies.Add(record.LatencyMs);
            _input += record.InputTokens;
            _cached += record.CachedTokens;
            _cacheWrites += record.CacheWriteTokens;
            _output += record.OutputTokens;
            _instructions += record.InstructionTokens;
            _examples += record.ExampleTokens;
            _itemInput += record.ItemTokens;
            answered.Add(new ScoredRecord(record));
        }

        if (answered.Count == 0)
        {
            return;
        }

        _items.Add(item);
        foreach (var series in _series.Values)
        {
            series.Add(answered);
        }
    }

    /// <summary>The candidate's results: each metric with its interval, latency percentiles, mean tokens and cost.</summary>
    public CandidateResult Summarize(string name, string provider, string model, IReadOnlyList<string> metrics, Pricing? price)
    {
        var values = new Dictionary<string, MetricResult>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            values[metric] = _series[metric].Estimate();
        }

        _latencies.Sort();
        var answered = _latencies.Count;
        double Mean(double sum) => answered == 0 ? 0 : sum / answered;
        var tokens = new TokenSummary(Mean(_input), Mean(_cached), Mean(_output), Mean(_instructions), Mean(_examples), Mean(_itemInput));
        var cost = price is null || answered == 0 ? (double?)null : price.Cost(tokens.Input, tokens.Cached, tokens.Output, Mean(_cacheWrites)) * 1000;
        return new CandidateResult(
            name, provider, model, _items.Count, _records, _errors, _cacheHits,
            values, _series[MetricNames.FormatCompliance].Estimate(),
            new LatencySummary(Stats.Percentile(_latencies, 0.5), Stats.Percentile(_latencies, 0.95), Stats.Percentile(_latencies, 0.99)),
            tokens, cost, price?.Source, [.. _sampleErrors])
        {
            JudgeErrors = _judgeErrors,
            SampleJudgeErrors = [.. _sampleJudgeErrors],
        };
    }

    private static void AddSample(List<string> sample, string message)
    {
        if (sample.Count < SampleSize && !sample.Contains(message, StringComparer.Ordinal))
        {
            sample.Add(message);
        }
    }
}
