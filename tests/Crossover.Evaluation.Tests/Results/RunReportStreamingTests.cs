using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Statistics;
using Crossover.Evaluation.Metrics;
using Crossover.Evaluation.Prompts;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Results;

public sealed class RunReportStreamingTests
{
    private static readonly string[] Labels = ["billing", "bug", "account", "other"];

    // Item ids that SQLite (by code point) and .NET's ordinal comparison order differently: a character above U+E000
    // against one outside the Basic Multilingual Plane.
    private static readonly string[] Prefixes = ["t", "T", "é", "\uE000", "\U0001F600", "ticket-"];

    [Theory]
    [InlineData(1, 2, false)]
    [InlineData(2, 1, false)]
    [InlineData(3, 3, true)]
    [InlineData(4, 2, true)]
    public void Load_GeneratedRun_EqualsTheReportComputedFromEveryRecordInMemory(int seed, int repeats, bool mixedIds)
    {
        using var workspace = new Workspace();
        var store = RunStore.Open(workspace.Db);
        var catalog = PriceCatalogReader.LoadBundled();
        string[] metrics = [MetricNames.Accuracy, MetricNames.MacroF1, MetricNames.FormatCompliance, MetricNames.ExactMatch, MetricNames.TokenF1, MetricNames.Judge, .. repeats > 1 ? new[] { MetricNames.Consistency } : []];
        var primary = metrics[seed % metrics.Length];
        string[] candidates = ["a", "b", "c"];
        store.AddRun(new RunInfo("r", "tickets", "e.yaml", "name: tickets", DateTimeOffset.UnixEpoch, primary, string.Join(",", metrics),
            [.. candidates.Select(c => new RunCandidate(c, new RunModel("openai", c == "a" ? "gpt-4.1-mini" : "gpt-4.1-nano", null)))]) { Judge = new RunModel("openai", "gpt-4.1", null) });
        store.Append(Generate(seed, repeats, mixedIds, candidates));

        var streamed = RunReport.Load(store, "r", catalog);
        var inMemory = RecordsInMemory.Compute(store, "r", catalog);

        Assert.Equal(JsonSerializer.Serialize(inMemory), JsonSerializer.Serialize(streamed));
        Assert.Equal(candidates.Length * (candidates.Length - 1) / 2, streamed.Comparisons.Count);
    }

    /// <summary>
    /// A run with what real runs have: errors, cache hits, judge errors and usage, a dev split to leave out, items one
    /// candidate never answered, labels in other case, unparsed answers and partial scores.
    /// </summary>
    private static List<RunRecord> Generate(int seed, int repeats, bool mixedIds, string[] candidates)
    {
        var random = new Random(seed);
        var records = new List<RunRecord>();
        for (var i = 0; i < 240; i++)
        {
            var id = mixedIds ? Prefixes[random.Next(Prefixes.Length)] + i : $"t{i}";
            var expected = Labels[random.Next(Labels.Length)];
            var split = random.Next(6) == 0 ? "dev" : (seed % 2 == 0 ? "test" : null);
            foreach (var candidate in candidates)
            {
                if (candidate == "c" && random.Next(5) == 0)
                {
                    continue;
                }

                for (var repeat = 0; repeat < repeats; repeat++)
                {
                    if (random.Next(12) == 0)
                    {
                        records.Add(new RunRecord("r", candidate, id, repeat, "h", expected, null, null, false, "{}", 0, 0, 0, 40, 0, 9, 0, false, $"HttpRequestException: {random.Next(5)}") { Split = split });
                        continue;
                    }

                    var right = random.NextDouble() < (candidate == "a" ? 0.8 : 0.6);
                    var parsed = random.Next(10) == 0 ? null : right ? (random.Next(3) == 0 ? expected.ToUpperInvariant() : expected) : Labels[random.Next(Labels.Length)];
                    var judged = random.Next(8) != 0;
                    var scores = new Dictionary<string, double>
                    {
                        [MetricNames.Accuracy] = parsed is not null && string.Equals(parsed, expected, StringComparison.OrdinalIgnoreCase) ? 1 : 0,
                        [MetricNames.ExactMatch] = random.Next(2),
                        [MetricNames.FormatCompliance] = parsed is null ? 0 : 1,
                        [MetricNames.TokenF1] = Math.Round(random.NextDouble(), 3),
                    };
                    if (judged)
                    {
                        scores[MetricNames.Judge] = random.Next(5) / 4.0;
                    }

                    records.Add(new RunRecord(
                        "r", candidate, id, repeat, "h", expected, parsed ?? "no idea", parsed, parsed is not null, JsonSerializer.Serialize(scores),
                        random.Next(50, 90), random.Next(0, 30), random.Next(1, 9), 40, random.Next(0, 20), 9, 100 + (random.NextDouble() * 900), random.Next(4) == 0, null)
                    {
                        Split = split,
                        JudgeError = judged ? null : $"judge reply is not a 1-5 score: '{random.Next(3)}'",
                        JudgeUsage = random.Next(3) == 0 ? null : new JudgeUsage(random.Next(100, 200), random.Next(0, 50), 1),
                    });
                }
            }
        }

        return records;
    }

    /// <summary>The run report as computed before it streamed: every record loaded and grouped in memory (the reference).</summary>
    private static class RecordsInMemory
    {
        private const int Seed = 20240601;

    public static RunReport Compute(RunStore store, string runId, PriceCatalog? catalog)
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
}
