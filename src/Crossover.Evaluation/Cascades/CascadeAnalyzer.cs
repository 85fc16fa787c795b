using System.Globalization;
using Crossover.Core.Catalog;
using Crossover.Core.Formatting;
using Crossover.Core.Input;
using Crossover.Core.Statistics;
using Crossover.Evaluation.Store;
using Crossover.Routing;

namespace Crossover.Evaluation.Cascades;

/// <summary>
/// Simulates cascades over a stored run (<c>crossover cascade RUN</c>; docs/cascades.md): every 2- and 3-stage cascade
/// of its candidates, cheapest first, under each gate its records can measure; thresholds chosen on the dev split,
/// everything reported on the test split, paired with the strongest single candidate. Calls no model.
/// </summary>
public static class CascadeAnalyzer
{
    private const int Seed = 20240601;

    /// <summary>Analyses a run from the store.</summary>
    /// <param name="store">The run store.</param>
    /// <param name="runId">A run that scored <c>dev+test</c>.</param>
    /// <param name="catalog">Prices every call.</param>
    /// <param name="options">Which cascades and gates, and the objective.</param>
    /// <param name="time">The clock for the analysis's timestamp.</param>
    /// <returns>The analysis (not yet stored: see <see cref="CascadeStore.Save"/>).</returns>
    /// <exception cref="InputException">The run cannot be analysed (no dev records, one candidate, unknown stage, a gate the records cannot measure); the message says what to do.</exception>
    public static CascadeAnalysis Analyze(RunStore store, string runId, PriceCatalog catalog, CascadeAnalysisOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        return Analyze(CascadeInputs.Load(store, runId, catalog), options, (time ?? TimeProvider.System).GetUtcNow());
    }

    internal static CascadeAnalysis Analyze(CascadeInputs inputs, CascadeAnalysisOptions options, DateTimeOffset createdAt)
    {
        var names = inputs.Candidates.Select(c => c.Candidate).ToList();
        var calibrated = Calibrate(inputs, options, out var strongest);
        var strongestScores = inputs.Test[strongest].Score;
        var singles = Enumerable.Range(0, names.Count)
            .Select(c => new Calibrated([c], CascadeGate.Format, null, inputs.Dev[c].Score.Average(), inputs.Dev[c].Cost.Average()));

        // Every option's test figures are independent (each bootstrap has its own seeded draws), so they run in parallel.
        var work = singles.Concat(calibrated).ToList();
        var results = new CascadeOption[work.Count];
        Parallel.For(0, work.Count, i =>
        {
            var (sequence, gate, threshold, devQuality, devCost) = work[i];
            var earlier = sequence.SkipLast(1).Select(c => GatedStage.Earlier(inputs.Test[c], gate)).ToArray();
            var routes = CascadeSimulator.Route(earlier, GatedStage.Last(inputs.Test[sequence[^1]]), threshold ?? 0);
            var stages = sequence.Select(c => names[c]).ToList();
            var name = sequence.Length == 1 ? stages[0] : string.Join('>', stages) + "@" + gate.ToString().ToLowerInvariant();
            results[i] = Option(name, stages, gate, threshold, routes, strongestScores, devQuality, devCost);
        });

        var frontier = ParetoFrontier.Of(results, o => o.CostPerRequestUsd, o => o.Quality.Value).Select(o => o.Name).ToList();
        var (recommended, why) = Recommend(results, options.Objective, names[strongest]);
        return new CascadeAnalysis(
            inputs.RunId, createdAt, inputs.Metric, inputs.Dev[0].Count, inputs.Test[0].Count, names[strongest], options.Objective,
            results, frontier, recommended, why, inputs.Candidates, inputs.Labels, inputs.Repeats);
    }

    /// <summary>
    /// The dev half: every cascade under every gate simulated over the threshold grid and its threshold chosen. Reads
    /// only the dev columns, which is what keeps test answers from ever moving a threshold.
    /// </summary>
    internal static List<Calibrated> Calibrate(CascadeInputs inputs, CascadeAnalysisOptions options, out int strongest)
    {
        var names = inputs.Candidates.Select(c => c.Candidate).ToList();
        var devCost = inputs.Dev.Select(d => d.Cost.Average()).ToList();
        var devQuality = inputs.Dev.Select(d => d.Score.Average()).ToList();

        // The strongest single candidate is chosen on dev, like every threshold.
        strongest = Enumerable.Range(0, names.Count).OrderByDescending(c => devQuality[c]).ThenBy(c => devCost[c]).First();
        var target = options.Objective.BudgetPer1kUsd is null ? options.Objective.TargetQuality ?? devQuality[strongest] : (double?)null;
        var budget = options.Objective.BudgetPer1kUsd / 1000;
        var calibrated = new List<Calibrated>();
        foreach (var sequence in Sequences(inputs, options, names, devCost))
        {
            foreach (var gate in Gates(inputs, options, sequence, names))
            {
                var devEarlier = sequence.SkipLast(1).Select(c => GatedStage.Earlier(inputs.Dev[c], gate)).ToArray();
                var devLast = GatedStage.Last(inputs.Dev[sequence[^1]]);
                var devItems = devLast.Score.Length;
                (double Quality, double Cost) OnDev(double threshold)
                {
                    var (quality, cost) = CascadeSimulator.Totals(devEarlier, devLast, threshold);
                    return (quality / devItems, cost / devItems);
                }

                if (gate == CascadeGate.Format)
                {
                    var (quality, cost) = OnDev(0);
                    calibrated.Add(new Calibrated(sequence, gate, null, quality, cost));
                }
                else
                {
                    var grid = ThresholdCalibration.Grid(devEarlier.Select(s => s.Gate!), options.GridPoints);
                    var pick = ThresholdCalibration.Pick(grid, OnDev, target, budget);
                    calibrated.Add(new Calibrated(sequence, gate, pick.Threshold, pick.Quality, pick.Cost));
                }
            }
        }

        return calibrated;
    }

    private static void Validate(CascadeAnalysisOptions options)
    {
        if (options.MaxStages is < 2 or > 3)
        {
            throw new InputException($"--max-stages {options.MaxStages}: cascades have 2 or 3 stages", hint: "use --max-stages 2 or 3");
        }

        if (options.Objective is { TargetQuality: not null, BudgetPer1kUsd: not null })
        {
            throw new InputException("--target-quality and --budget pick in opposite ways; give one", hint: "--target-quality 0.9 (cheapest that reaches it) or --budget 0.5 (best within USD 0.5 per 1,000)");
        }

        if (options.Stages is { Count: < 2 })
        {
            throw new InputException("--stages needs at least two candidates, cheapest first", hint: "e.g. --stages nano,mini");
        }
    }

    private static IEnumerable<int[]> Sequences(CascadeInputs inputs, CascadeAnalysisOptions options, List<string> names, List<double> devCost)
    {
        if (options.Stages is { } fixedStages)
        {
            var indices = fixedStages.Select(s => names.FindIndex(n => string.Equals(n, s, StringComparison.OrdinalIgnoreCase))).ToArray();
            var unknown = fixedStages.Where((_, i) => indices[i] < 0).ToList();
            if (unknown.Count > 0)
            {
                throw new InputException($"--stages: run '{inputs.RunId}' has no candidate '{unknown[0]}'", hint: "candidates in the run: " + string.Join(", ", names));
            }

            if (indices.Distinct().Count() != indices.Length)
            {
                throw new InputException("--stages names a candidate twice", hint: "each stage is a different candidate, cheapest first");
            }

            yield return indices;
            yield break;
        }

        var byCost = Enumerable.Range(0, names.Count).OrderBy(c => devCost[c]).ThenBy(c => names[c], StringComparer.Ordinal).ToArray();
        for (var a = 0; a < byCost.Length; a++)
        {
            for (var b = a + 1; b < byCost.Length; b++)
            {
                yield return [byCost[a], byCost[b]];
            }
        }

        if (options.MaxStages < 3)
        {
            yield break;
        }

        for (var a = 0; a < byCost.Length; a++)
        {
            for (var b = a + 1; b < byCost.Length; b++)
            {
                for (var c = b + 1; c < byCost.Length; c++)
                {
                    yield return [byCost[a], byCost[b], byCost[c]];
                }
            }
        }
    }

    /// <summary>The gates a cascade is simulated under: those asked for (each must be measurable) or every measurable one.</summary>
    private static IEnumerable<CascadeGate> Gates(CascadeInputs inputs, CascadeAnalysisOptions options, int[] sequence, List<string> names)
    {
        var asked = options.Gates;
        foreach (var gate in asked ?? Enum.GetValues<CascadeGate>())
        {
            var missing = gate switch
            {
                CascadeGate.Confidence => sequence.SkipLast(1).Where(c => !inputs.Dev[c].HasConfidence)
                    .Select(c => $"candidate '{names[c]}' has no token log-probabilities in run '{inputs.RunId}'|set logprobs: true in the experiment and run it again, on a provider that returns them (OpenAI-compatible servers, the local engine)").FirstOrDefault(),
                CascadeGate.Agreement => inputs.Repeats < 2 ? $"run '{inputs.RunId}' has 1 repeat per item, so agreement cannot be measured|set repeats: 3 in the experiment and run it again" : null,
                CascadeGate.Judge => sequence.SkipLast(1).Where(c => !inputs.Dev[c].HasJudge)
                    .Select(c => $"candidate '{names[c]}' has no judge scores in run '{inputs.RunId}'|add a judge block to the experiment and run it again").FirstOrDefault(),
                _ => null,
            };
            if (missing is null)
            {
                yield return gate;
            }
            else if (asked is not null)
            {
                var parts = missing.Split('|');
                throw new InputException($"--gate {gate.ToString().ToLowerInvariant()}: {parts[0]}", hint: parts[1]);
            }
        }
    }

    private static CascadeOption Option(string name, IReadOnlyList<string> stages, CascadeGate gate, double? threshold, CascadeSimulator.ItemRoutes routes, double[] strongestScores, double devQuality, double devCost)
    {
        var items = routes.Score.Length;
        var quality = Stats.Mean(routes.Score, Seed);
        var comparison = Stats.ComparePaired(routes.Score, strongestScores, Seed);
        var latencies = routes.Latency.Order().ToList();
        var answered = Enumerable.Range(0, stages.Count).Select(s => routes.Stage.Count(x => x == s) / (double)items).ToList();
        return new CascadeOption(
            name, stages, gate, threshold, new CascadeQuality(quality.Value, quality.Low, quality.High),
            routes.Compliant.Count(c => c) / (double)items, routes.Cost.Average(), answered, Stats.Percentile(latencies, 0.95),
            new CascadeComparison(comparison.Difference, comparison.Low, comparison.High, comparison.PValue, comparison.Test),
            routes.Score.Sum(), items, devQuality, devCost);
    }

    private static (string? Name, string Why) Recommend(IReadOnlyList<CascadeOption> options, CascadeObjective objective, string strongest)
    {
        if (objective.TargetQuality is { } target)
        {
            var best = options.Where(o => o.Quality.Low >= target).OrderBy(o => o.CostPerRequestUsd).ThenByDescending(o => o.Quality.Value).FirstOrDefault();
            return best is null
                ? (null, $"no option's 95 % lower bound on test reaches {Format.Percent(target)}; the best lower bound is {Format.Percent(options.Max(o => o.Quality.Low))}")
                : (best.Name, $"the cheapest option whose 95 % lower bound on test ({Format.Percent(best.Quality.Low)}) reaches {Format.Percent(target)}");
        }

        if (objective.BudgetPer1kUsd is { } budget)
        {
            var best = options.Where(o => o.CostPer1kUsd <= budget).OrderByDescending(o => o.Quality.Value).ThenBy(o => o.CostPerRequestUsd).FirstOrDefault();
            return best is null
                ? (null, $"no option costs USD {budget.ToString("0.####", CultureInfo.InvariantCulture)} per 1,000 requests or less on test")
                : (best.Name, $"the best test quality within USD {budget.ToString("0.####", CultureInfo.InvariantCulture)} per 1,000 requests");
        }

        var cheapest = options.Where(o => o.VersusStrongest.High >= 0).OrderBy(o => o.CostPerRequestUsd).ThenByDescending(o => o.Quality.Value).First();
        return (cheapest.Name, $"the cheapest option not significantly worse than {strongest} (the strongest single candidate on dev) on the test items");
    }

    /// <summary>A cascade (or single candidate) with the threshold chosen on dev and what dev measured there.</summary>
    internal sealed record Calibrated(int[] Sequence, CascadeGate Gate, double? Threshold, double DevQuality, double DevCost);
}
