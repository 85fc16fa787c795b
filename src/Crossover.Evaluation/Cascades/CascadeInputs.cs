using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Metrics;
using Crossover.Evaluation.Prompts;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Crossover.Routing;

namespace Crossover.Evaluation.Cascades;

/// <summary>
/// A run's records as the cascade simulation reads them: per candidate, per split (dev to calibrate, test to report),
/// one column per measurement over the items every candidate has a repeat-0 record for.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Metric">The per-item metric.</param>
/// <param name="Candidates">The candidates as stages.</param>
/// <param name="Dev">Per candidate (same order), the dev split's columns.</param>
/// <param name="Test">Per candidate, the test split's columns.</param>
/// <param name="Repeats">Repeats per item in the run.</param>
/// <param name="Labels">The task's labels, when it has them.</param>
internal sealed record CascadeInputs(
    string RunId,
    string Metric,
    IReadOnlyList<CascadePlanStage> Candidates,
    IReadOnlyList<StageColumns> Dev,
    IReadOnlyList<StageColumns> Test,
    int Repeats,
    IReadOnlyList<string> Labels)
{
    /// <summary>The test items' ids, in column order.</summary>
    public IReadOnlyList<string> TestItems { get; init; } = [];

    private const string Calibrate = "dev";

    /// <summary>Reads a run from the store, pricing each call at the catalog's prices.</summary>
    /// <exception cref="InputException">The run has no dev records, fewer than two candidates, or a candidate without a price.</exception>
    public static CascadeInputs Load(RunStore store, string runId, PriceCatalog catalog)
    {
        var run = store.Run(runId);
        var candidates = RunCandidates(run);
        if (candidates.Count < 2)
        {
            throw new InputException($"run '{runId}' has one candidate; a cascade needs at least two", store.Path, hint: "add a cheaper and a stronger candidate to the experiment and run it again");
        }

        var records = store.Records(runId).ToList();
        if (!records.Any(r => r.Split == Calibrate))
        {
            throw new InputException($"run '{runId}' has no dev records, so thresholds could only be tuned on the items they are reported on", store.Path,
                hint: "set dataset.evaluate: dev+test in the experiment and run it again (answers already cached cost nothing)");
        }

        var prices = candidates.Select(c => Pricing.Find(catalog, c.PriceAs)
            ?? throw new InputException($"candidate '{c.Stage.Candidate}' (model {c.PriceAs}) has no price in the catalog, so its cost in a cascade is unknown", store.Path,
                hint: "add the model's price with --catalog FILE (docs/catalog.md)")).ToList();
        var judgePrice = run.Judge is { } judge ? Pricing.Find(catalog, judge.PriceKey) : null;
        var metric = run.Primary == MetricNames.MacroF1 ? MetricNames.Accuracy : run.Primary;
        var repeats = records.Count == 0 ? 1 : records.Max(r => r.Repeat) + 1;
        var byKey = records.GroupBy(r => (r.Candidate, Split: r.Split ?? "test")).ToDictionary(g => g.Key, g => g.GroupBy(r => r.ItemId, StringComparer.Ordinal).ToDictionary(i => i.Key, i => i.OrderBy(r => r.Repeat).ToList(), StringComparer.Ordinal));

        (List<StageColumns> Columns, List<string> Items) Columns(string split)
        {
            var perCandidate = candidates.Select(c => byKey.GetValueOrDefault((c.Stage.Candidate, split)) ?? []).ToList();
            var items = perCandidate[0].Keys.Where(id => perCandidate.All(p => p.TryGetValue(id, out var reps) && reps[0].Repeat == 0)).Order(StringComparer.Ordinal).ToList();
            return ([.. perCandidate.Select((p, c) => Fill(items.Select(id => p[id]).ToList(), metric, prices[c], judgePrice))], items);
        }

        var (dev, _) = Columns(Calibrate);
        var (test, testItems) = Columns("test");
        if (dev[0].Count == 0 || test[0].Count == 0)
        {
            throw new InputException($"run '{runId}' has no {(dev[0].Count == 0 ? "dev" : "test")} item every candidate answered", store.Path, hint: $"resume it with 'crossover eval --resume {runId}'");
        }

        return new CascadeInputs(runId, metric, [.. candidates.Select(c => c.Stage)], dev, test, repeats, TaskLabels(run)) { TestItems = testItems };
    }

    /// <summary>The run header's candidates and the catalog id each is priced as.</summary>
    private static List<(CascadePlanStage Stage, string PriceAs)> RunCandidates(RunInfo run) =>
        [.. run.Candidates.Select(c => (new CascadePlanStage(c.Name, c.Model.Provider, c.Model.Id), c.Model.PriceKey))];

    /// <summary>The task's labels from the experiment text the run kept (the dataset need not exist any more).</summary>
    private static IReadOnlyList<string> TaskLabels(RunInfo run)
    {
        try
        {
            return YamlMap.Parse(run.ExperimentText, run.ExperimentFile).Map("task")?.StringList("labels") ?? [];
        }
        catch (InputException)
        {
            return [];
        }
    }

    private static StageColumns Fill(List<List<RunRecord>> items, string metric, Pricing price, Pricing? judgePrice)
    {
        var columns = new StageColumns(items.Count);
        var judgeCosts = items.SelectMany(i => i).Select(r => r.JudgeUsage).OfType<JudgeUsage>().Select(u => judgePrice?.Cost(u.Input, u.Cached, u.Output) ?? 0).ToList();

        // A judge answer served from the cache reported no tokens; it is priced at the run's mean judge call.
        var meanJudgeCost = judgeCosts.Count == 0 ? 0 : judgeCosts.Average();
        for (var i = 0; i < items.Count; i++)
        {
            var repeats = items[i];
            var first = repeats[0];
            columns.Score[i] = Score(first, metric);
            columns.Compliant[i] = first.Error is null && first.Compliant;
            columns.Cost[i] = Cost(first, price);
            columns.Latency[i] = first.LatencyMs;
            columns.Confidence[i] = LogProbabilities.Confidence(first.LogProbs) ?? double.NaN;
            columns.Judge[i] = first.Error is null && JudgeScore(first) is { } grade ? grade : double.NaN;
            var judgeCost = first.JudgeUsage is { } u ? judgePrice?.Cost(u.Input, u.Cached, u.Output) ?? 0 : meanJudgeCost;
            columns.CostWithJudge[i] = columns.Cost[i] + (columns.Compliant[i] ? judgeCost : 0);

            // The majority answer, ties to the earliest repeat: the same rule CascadeChatClient applies to its samples.
            var answered = repeats.Select((r, at) => (Record: r, At: at)).Where(r => r.Record.Error is null).ToList();
            var majority = answered.GroupBy(r => TextNormalizer.Normalize(r.Record.Output ?? string.Empty), StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.First().At).FirstOrDefault();
            var chosen = majority?.First().Record ?? first;
            columns.Agreement[i] = majority is null ? 0 : majority.Count() / (double)repeats.Count;
            columns.MajorityScore[i] = Score(chosen, metric);
            columns.MajorityCompliant[i] = chosen.Error is null && chosen.Compliant;
            columns.SampledCost[i] = repeats.Sum(r => Cost(r, price));
            columns.SampledLatency[i] = repeats.Max(r => r.LatencyMs);
        }

        return columns;
    }

    private static double Cost(RunRecord record, Pricing price) => price.Cost(record.InputTokens, record.CachedTokens, record.OutputTokens);

    private static double Score(RunRecord record, string metric)
    {
        if (record.Error is not null)
        {
            return 0;
        }

        using var document = JsonDocument.Parse(record.Scores);
        return document.RootElement.TryGetProperty(metric, out var value) ? value.GetDouble() : 0;
    }

    private static double? JudgeScore(RunRecord record)
    {
        using var document = JsonDocument.Parse(record.Scores);
        return document.RootElement.TryGetProperty(MetricNames.Judge, out var value) ? value.GetDouble() : null;
    }
}
