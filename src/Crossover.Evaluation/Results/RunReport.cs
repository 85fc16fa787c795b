using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Statistics;
using Crossover.Evaluation.Prompts;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Results;

/// <summary>A run's results per candidate with intervals, and every pair compared on the same items.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Name">The experiment's name.</param>
/// <param name="CreatedAt">When the run started.</param>
/// <param name="Primary">The primary metric.</param>
/// <param name="Metrics">The requested metrics.</param>
/// <param name="Candidates">Per-candidate results, in the experiment's order.</param>
/// <param name="Comparisons">Pairwise comparisons on the primary metric.</param>
public sealed record RunReport(
    string RunId,
    string Name,
    DateTimeOffset CreatedAt,
    string Primary,
    IReadOnlyList<string> Metrics,
    IReadOnlyList<CandidateResult> Candidates,
    IReadOnlyList<CandidateComparison> Comparisons)
{
    private const int Seed = 20240601;

    /// <summary>The judge's calls and cost over the run, when the experiment has a judge (null for runs stored before the judge model was kept).</summary>
    public JudgeSummary? Judge { get; init; }

    /// <summary>Computes the report for a run from its records.</summary>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run.</param>
    /// <param name="catalog">Prices for cost per 1,000 requests (null: no costs).</param>
    /// <returns>The report.</returns>
    /// <exception cref="Core.Input.InputException">The run does not exist.</exception>
    public static RunReport Load(RunStore store, string runId, PriceCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            return Compute(store, runId, catalog);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new Core.Input.InputException($"the run store is damaged: a record of run '{runId}' has scores that are not a JSON object of numbers", store.Path,
                hint: "restore the file from a backup, or pass --db with a new store and rerun");
        }
    }

    private static RunReport Compute(RunStore store, string runId, PriceCatalog? catalog)
    {
        var run = store.Run(runId);
        var metrics = run.Metrics.Split(',', StringSplitOptions.RemoveEmptyEntries);
        // A dev+test run's dev records calibrate cascades (docs/cascades.md); the report covers the test split only.
        var byCandidate = store.Records(runId).Where(r => r.Split != "dev").GroupBy(r => r.Candidate).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var candidates = new List<CandidateResult>();
        var perItem = new Dictionary<string, Dictionary<string, List<RunRecord>>>(StringComparer.Ordinal);
        foreach (var candidate in run.Candidates)
        {
            var records = byCandidate.GetValueOrDefault(candidate.Name) ?? [];
            var answered = records.Where(r => r.Error is null).GroupBy(r => r.ItemId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            perItem[candidate.Name] = answered;
            candidates.Add(Summarize(candidate.Name, candidate.Model.Provider, candidate.Model.Id, records, answered, metrics, Pricing.Find(catalog, candidate.Model.PriceKey)));
        }

        var comparisons = new List<CandidateComparison>();
        for (var i = 0; i < candidates.Count; i++)
        {
            for (var j = i + 1; j < candidates.Count; j++)
            {
                var a = perItem[candidates[i].Name];
                var b = perItem[candidates[j].Name];
                var shared = a.Keys.Where(b.ContainsKey).Order(StringComparer.Ordinal).ToList();
                var result = Compare(run.Primary, shared.Select(k => a[k]).ToList(), shared.Select(k => b[k]).ToList());
                var verdict = !result.Significant ? "not separable"
                    : result.Difference > 0 ? $"{candidates[i].Name} is better" : $"{candidates[j].Name} is better";
                comparisons.Add(new CandidateComparison(candidates[i].Name, candidates[j].Name, run.Primary, result, verdict));
            }
        }

        return new RunReport(run.Id, run.Name, run.CreatedAt, run.Primary, metrics, candidates, comparisons)
        {
            Judge = run.Judge is null ? null : SummarizeJudge(run.Judge, byCandidate.Values.SelectMany(r => r), catalog),
        };
    }

    private static JudgeSummary SummarizeJudge(RunModel judge, IEnumerable<RunRecord> records, PriceCatalog? catalog)
    {
        var price = Pricing.Find(catalog, judge.PriceKey);
        var usages = records.Select(r => r.JudgeUsage).OfType<JudgeUsage>().ToList();
        return new JudgeSummary(
            judge.Provider, judge.Id, usages.Count, usages.Sum(u => u.Input), usages.Sum(u => u.Output),
            price is null ? null : usages.Sum(u => price.Cost(u.Input, u.Cached, u.Output)), price?.Source);
    }

    private static CandidateResult Summarize(string name, string provider, string model, List<RunRecord> records, Dictionary<string, List<RunRecord>> answered, IReadOnlyList<string> metrics, Pricing? price)
    {
        var groups = answered.Values.ToList();
        var values = new Dictionary<string, MetricResult>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            values[metric] = Estimate(metric, groups);
        }

        var ok = records.Where(r => r.Error is null).ToList();
        var latencies = ok.Select(r => r.LatencyMs).Order().ToList();
        double Mean(Func<RunRecord, double> f) => ok.Count == 0 ? 0 : ok.Average(f);
        var tokens = new TokenSummary(Mean(r => r.InputTokens), Mean(r => r.CachedTokens), Mean(r => r.OutputTokens), Mean(r => r.InstructionTokens), Mean(r => r.ExampleTokens), Mean(r => r.ItemTokens));
        var cost = price is null || ok.Count == 0 ? (double?)null : price.Cost(tokens.Input, tokens.Cached, tokens.Output) * 1000;
        return new CandidateResult(
            name, provider, model, groups.Count, records.Count, records.Count(r => r.Error is not null), records.Count(r => r.FromCache),
            values, Estimate("format-compliance", groups),
            new LatencySummary(Stats.Percentile(latencies, 0.5), Stats.Percentile(latencies, 0.95), Stats.Percentile(latencies, 0.99)),
            tokens, cost, price?.Source,
            [.. records.Where(r => r.Error is not null).Select(r => r.Error!).Distinct().Take(3)])
        {
            JudgeErrors = records.Count(r => r.JudgeError is not null),
            SampleJudgeErrors = [.. records.Where(r => r.JudgeError is not null).Select(r => r.JudgeError!).Distinct(StringComparer.Ordinal).Take(3)],
        };
    }

    /// <summary>A metric over items: per-item means (repeats averaged) for record metrics, a bootstrap for macro-F1.</summary>
    private static MetricResult Estimate(string metric, List<List<RunRecord>> items)
    {
        if (metric == "judge")
        {
            // Only items the judge scored count: a judge error is neither a pass nor a fail. Bootstrap, like any graded mean.
            var graded = items.Select(JudgeScore).OfType<double>().ToList();
            var judged = graded.Count == 0 ? new Interval(0, 0, 0) : Stats.Bootstrap(graded.Count, idx => idx.Average(i => graded[i]), Seed);
            return new MetricResult(judged.Value, judged.Low, judged.High, "bootstrap");
        }

        if (metric == "macro-f1")
        {
            var interval = Stats.Bootstrap(items.Count, idx => MacroF1(idx.SelectMany(i => items[i])), Seed);
            return new MetricResult(interval.Value, interval.Low, interval.High, "bootstrap");
        }

        var scores = items.Select(g => ItemScore(metric, g)).ToList();
        var mean = Stats.Mean(scores, Seed);
        return new MetricResult(mean.Value, mean.Low, mean.High, scores.All(s => s is 0 or 1) ? "wilson" : "bootstrap");
    }

    private static PairedComparison Compare(string metric, List<List<RunRecord>> first, List<List<RunRecord>> second)
    {
        if (metric == "judge")
        {
            var pairs = first.Zip(second, (a, b) => (A: JudgeScore(a), B: JudgeScore(b))).Where(p => p.A is not null && p.B is not null).ToList();
            return Stats.ComparePaired([.. pairs.Select(p => p.A!.Value)], [.. pairs.Select(p => p.B!.Value)], Seed);
        }

        if (metric == "macro-f1")
        {
            return Stats.PairedBootstrap(first.Count, idx => MacroF1(idx.SelectMany(i => first[i])), idx => MacroF1(idx.SelectMany(i => second[i])), Seed);
        }

        return Stats.ComparePaired([.. first.Select(g => ItemScore(metric, g))], [.. second.Select(g => ItemScore(metric, g))], Seed);
    }

    private static double ItemScore(string metric, List<RunRecord> repeats)
    {
        switch (metric)
        {
            case "format-compliance":
                return repeats.Average(r => r.Compliant ? 1.0 : 0.0);
            case "consistency":
                var answers = repeats.Select(r => r.Parsed ?? TextNormalizer.Normalize(r.Output ?? string.Empty)).ToList();
                return answers.GroupBy(a => a, StringComparer.OrdinalIgnoreCase).Max(g => g.Count()) / (double)answers.Count;
            default:
                return repeats.Average(r => Score(r, metric));
        }
    }

    /// <summary>An item's judge score averaged over the repeats the judge scored; null when it scored none.</summary>
    private static double? JudgeScore(List<RunRecord> repeats)
    {
        var scored = repeats.Select(r => TryScore(r, "judge")).OfType<double>().ToList();
        return scored.Count == 0 ? null : scored.Average();
    }

    private static double? TryScore(RunRecord record, string metric)
    {
        using var document = JsonDocument.Parse(record.Scores);
        return document.RootElement.TryGetProperty(metric, out var value) ? value.GetDouble() : null;
    }

    private static double Score(RunRecord record, string metric)
    {
        using var document = JsonDocument.Parse(record.Scores);
        return document.RootElement.TryGetProperty(metric, out var value) ? value.GetDouble() : 0;
    }

    /// <summary>Macro-F1 over the reference classes: unparsed answers count as misses of their true class.</summary>
    private static double MacroF1(IEnumerable<RunRecord> records)
    {
        var tp = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var fp = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var fn = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var classes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in records)
        {
            var truth = record.Expected.Trim();
            classes.Add(truth);
            var guess = record.Parsed?.Trim();
            if (guess is not null && string.Equals(guess, truth, StringComparison.OrdinalIgnoreCase))
            {
                tp[truth] = tp.GetValueOrDefault(truth) + 1;
                continue;
            }

            fn[truth] = fn.GetValueOrDefault(truth) + 1;
            if (guess is not null)
            {
                fp[guess] = fp.GetValueOrDefault(guess) + 1;
            }
        }

        if (classes.Count == 0)
        {
            return 0;
        }

        return classes.Average(c =>
        {
            var t = tp.GetValueOrDefault(c);
            var denominator = (2 * t) + fp.GetValueOrDefault(c) + fn.GetValueOrDefault(c);
            return denominator == 0 ? 0 : 2.0 * t / denominator;
        });
    }
}
