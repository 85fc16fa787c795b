using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Evaluation.Metrics;
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
    /// <summary>The judge's calls and cost over the run, when the experiment has a judge (null for runs stored before the judge model was kept).</summary>
    public JudgeSummary? Judge { get; init; }

    /// <summary>
    /// Computes the report for a run from its records in one streaming pass: each candidate's records are read in key
    /// order side by side, and only per-item scores (a number or two per item and metric) and latencies are kept, so
    /// memory grows by tens of bytes per item, not by the records.
    /// </summary>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run.</param>
    /// <param name="catalog">Prices for cost per 1,000 requests (null: no costs).</param>
    /// <param name="metrics">The metrics the run's names resolve to (default: the built-in ones).</param>
    /// <returns>The report.</returns>
    /// <exception cref="Core.Input.InputException">The run does not exist, or its store is damaged.</exception>
    public static RunReport Load(RunStore store, string runId, PriceCatalog? catalog, MetricRegistry? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            return Compute(store, runId, catalog, metrics ?? MetricRegistry.Default);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new Core.Input.InputException($"the run store is damaged: a record of run '{runId}' has scores that are not a JSON object of numbers", store.Path,
                hint: "restore the file from a backup, or pass --db with a new store and rerun");
        }
    }

    private static RunReport Compute(RunStore store, string runId, PriceCatalog? catalog, MetricRegistry registry)
    {
        var run = store.Run(runId);
        var metrics = run.Metrics.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var tallies = run.Candidates.Select(_ => new CandidateTally(metrics, run.Primary, registry)).ToArray();
        var items = 0;
        var ordinal = true;
        string? previous = null;
        foreach (var (itemId, groups) in ItemsInKeyOrder(store, runId, run.Candidates))
        {
            ordinal &= previous is null || string.CompareOrdinal(previous, itemId) < 0;
            previous = itemId;
            for (var c = 0; c < groups.Length; c++)
            {
                if (groups[c] is { } records)
                {
                    tallies[c].Add(items, records);
                }
            }

            items++;
        }

        var candidates = run.Candidates.Select((c, i) => tallies[i].Summarize(c.Name, c.Model.Provider, c.Model.Id, metrics, Pricing.Find(catalog, c.Model.PriceKey))).ToList();

        // Pairs are compared over their shared items in ordinal order of item id; the stream's order (SQLite's, by code
        // point) differs only when ids mix characters above U+E000 with ones outside the BMP, and only then are ids kept.
        var rank = ordinal ? null : OrdinalRanks(store, runId, run.Candidates);
        var comparisons = new List<CandidateComparison>();
        for (var i = 0; i < candidates.Count; i++)
        {
            for (var j = i + 1; j < candidates.Count; j++)
            {
                var (mine, theirs) = Shared(tallies[i].Items, tallies[j].Items, rank);
                var result = tallies[i].Series(run.Primary).Compare(tallies[j].Series(run.Primary), mine, theirs);
                var verdict = !result.Significant ? "not separable"
                    : result.Difference > 0 ? $"{candidates[i].Name} is better" : $"{candidates[j].Name} is better";
                comparisons.Add(new CandidateComparison(candidates[i].Name, candidates[j].Name, run.Primary, result, verdict));
            }
        }

        return new RunReport(run.Id, run.Name, run.CreatedAt, run.Primary, metrics, candidates, comparisons)
        {
            Judge = run.Judge is null ? null : SummarizeJudge(run.Judge, store.JudgeUsages(runId), catalog),
        };
    }

    /// <summary>
    /// Every item any candidate has a scored record of (a dev+test run's dev records calibrate cascades and are left
    /// out, docs/cascades.md), in key order, with each candidate's records of it (null when it has none): one cursor
    /// per candidate, merged on item id.
    /// </summary>
    private static IEnumerable<(string ItemId, List<RunRecord>?[] Groups)> ItemsInKeyOrder(RunStore store, string runId, IReadOnlyList<RunCandidate> candidates)
    {
        var cursors = candidates.Select(c => store.Records(runId, c.Name).Where(r => r.Split != "dev").GetEnumerator()).ToArray();
        try
        {
            var live = cursors.Select(c => c.MoveNext()).ToArray();
            while (true)
            {
                string? next = null;
                for (var c = 0; c < cursors.Length; c++)
                {
                    if (live[c] && (next is null || CompareAsStored(cursors[c].Current.ItemId, next) < 0))
                    {
                        next = cursors[c].Current.ItemId;
                    }
                }

                if (next is null)
                {
                    yield break;
                }

                var groups = new List<RunRecord>?[cursors.Length];
                for (var c = 0; c < cursors.Length; c++)
                {
                    while (live[c] && cursors[c].Current.ItemId == next)
                    {
                        (groups[c] ??= []).Add(cursors[c].Current);
                        live[c] = cursors[c].MoveNext();
                    }
                }

                yield return (next, groups);
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor.Dispose();
            }
        }
    }

    /// <summary>Compares text as SQLite's BINARY collation orders it (UTF-8 bytes, so by code point): surrogates sort above U+E000–U+FFFF.</summary>
    private static int CompareAsStored(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return CodePointOrder(a[i]) - CodePointOrder(b[i]);
            }
        }

        return a.Length - b.Length;

        static int CodePointOrder(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }

    /// <summary>Each item's rank in ordinal order of its id, by the item's position in the stream.</summary>
    private static int[] OrdinalRanks(RunStore store, string runId, IReadOnlyList<RunCandidate> candidates)
    {
        var ids = ItemsInKeyOrder(store, runId, candidates).Select(i => i.ItemId).ToList();
        var rank = new int[ids.Count];
        var order = Enumerable.Range(0, ids.Count).OrderBy(i => ids[i], StringComparer.Ordinal).ToList();
        for (var r = 0; r < order.Count; r++)
        {
            rank[order[r]] = r;
        }

        return rank;
    }

    /// <summary>The positions, in each candidate's series, of the items both answered, in ordinal order of item id.</summary>
    private static (List<int> Mine, List<int> Theirs) Shared(IReadOnlyList<int> first, IReadOnlyList<int> second, int[]? rank)
    {
        var pairs = new List<(int Mine, int Theirs)>();
        for (int a = 0, b = 0; a < first.Count && b < second.Count;)
        {
            if (first[a] == second[b])
            {
                pairs.Add((a++, b++));
            }
            else if (first[a] < second[b])
            {
                a++;
            }
            else
            {
                b++;
            }
        }

        if (rank is not null)
        {
            pairs.Sort((x, y) => rank[first[x.Mine]].CompareTo(rank[first[y.Mine]]));
        }

        return ([.. pairs.Select(p => p.Mine)], [.. pairs.Select(p => p.Theirs)]);
    }

    private static JudgeSummary SummarizeJudge(RunModel judge, IEnumerable<JudgeUsage> usages, PriceCatalog? catalog)
    {
        var price = Pricing.Find(catalog, judge.PriceKey);
        long calls = 0, input = 0, output = 0;
        double cost = 0;
        foreach (var usage in usages)
        {
            calls++;
            input += usage.Input;
            output += usage.Output;
            cost += price?.Cost(usage.Input, usage.Cached, usage.Output) ?? 0;
        }

        return new JudgeSummary(judge.Provider, judge.Id, calls, input, output, price is null ? null : cost, price?.Source);
    }
}
