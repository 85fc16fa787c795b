using Crossover.Core.Economics;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>
/// What the ranges in a profile do: a one-at-a-time sweep of each ranged input (where the cheaper approach or the
/// recommendation flips) and the summary of the decision Monte Carlo's draws (docs/economics.md).
/// </summary>
internal static class UncertaintyAnalysis
{
    private const int FlipSearchSteps = 40;

    /// <summary>Profile fields drawn as beliefs (quality, compliance, latency of an option), not as plain ranges.</summary>
    public static bool IsBelief(ProfileParameter parameter) =>
        parameter.Path.StartsWith("quality.prompting.", StringComparison.Ordinal)
        || parameter.Path.StartsWith("quality.fineTuned.", StringComparison.Ordinal)
        || parameter.Path == "cascade.quality";

    /// <summary>The ranged fields the Monte Carlo draws as triangular distributions.</summary>
    public static List<ProfileParameter> Ranged(UseCaseProfile profile) =>
        [.. ProfileParameter.All.Where(p => !IsBelief(p) && p.Get(profile) is { IsRange: true })];

    /// <summary>The one-at-a-time sweep of every ranged input (beliefs included): where the cheaper of prompt and
    /// fine-tune flips, and where the recommendation does.</summary>
    public static List<SensitivityRow> Sensitivity(UseCaseProfile profile, ResolvedPrices prices, Func<UseCaseProfile, Approach> recommend)
    {
        var ranged = ProfileParameter.All.Where(p => p.Get(profile) is { IsRange: true }).ToList();
        var baseline = ranged.Count == 0 ? Approach.PromptEngineering : recommend(profile);
        var rows = new List<SensitivityRow>();
        foreach (var parameter in ranged)
        {
            var range = parameter.Get(profile)!.Value;
            double Saving(double value)
            {
                var (prompt, tuned) = CostModel.Totals(CostInputs.From(parameter.Set(profile, value), prices));
                return prompt - tuned;
            }

            var atLow = Saving(range.Low);
            var atHigh = Saving(range.High);
            double? cheapestFlip = Math.Sign(atLow) != Math.Sign(atHigh) ? Bisect(range.Low, range.High, v => Saving(v) >= 0 == atHigh >= 0) : null;
            var (flip, flippedTo) = RecommendationFlip(profile, parameter, range, baseline, recommend);
            rows.Add(new SensitivityRow(parameter.Path, range.Low, range.Likely, range.High, atLow, atHigh, cheapestFlip, flip, flippedTo));
        }

        rows.Sort((a, b) => Math.Abs(b.SavingAtHighUsd - b.SavingAtLowUsd).CompareTo(Math.Abs(a.SavingAtHighUsd - a.SavingAtLowUsd)));
        return rows;
    }

    /// <summary>The prompt-versus-fine-tune summary of a set of draws: who is cheaper how often, and the saving's spread.</summary>
    public static MonteCarloResult Summarize(double[] savings, int seed)
    {
        var draws = savings.Length;
        var promptCheapest = savings.Count(s => s <= 0);
        Array.Sort(savings);
        var percentiles = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in new[] { 5, 25, 50, 75, 95 })
        {
            percentiles[$"p{p}"] = draws == 0 ? 0 : savings[Math.Min(draws - 1, (int)(p / 100.0 * draws))];
        }

        var share = draws == 0 ? 0 : (double)promptCheapest / draws;
        return new MonteCarloResult(draws, seed, share, draws == 0 ? 0 : 1 - share, percentiles, Histogram(savings, 30));
    }

    private static (double? At, string? To) RecommendationFlip(
        UseCaseProfile profile, ProfileParameter parameter, Estimate range, Approach baseline, Func<UseCaseProfile, Approach> recommend)
    {
        foreach (var end in new[] { range.Low, range.High })
        {
            var there = recommend(parameter.Set(profile, end));
            if (there != baseline)
            {
                var at = Bisect(range.Likely, end, v => recommend(parameter.Set(profile, v)) != baseline);
                return (at, Input.Names.Kebab(there));
            }
        }

        return (null, null);
    }

    /// <summary>Finds where a predicate that is false at <paramref name="from"/> and true at <paramref name="to"/> turns true.</summary>
    private static double Bisect(double from, double to, Func<double, bool> changed)
    {
        for (var i = 0; i < FlipSearchSteps; i++)
        {
            var mid = (from + to) / 2;
            if (changed(mid))
            {
                to = mid;
            }
            else
            {
                from = mid;
            }
        }

        return to;
    }

    private static List<HistogramBin> Histogram(double[] sorted, int bins)
    {
        if (sorted.Length == 0)
        {
            return [];
        }

        var min = sorted[0];
        var max = sorted[^1];
        if (max <= min)
        {
            return [new HistogramBin(min, max, sorted.Length)];
        }

        var width = (max - min) / bins;
        var counts = new int[bins];
        foreach (var value in sorted)
        {
            counts[Math.Min(bins - 1, (int)((value - min) / width))]++;
        }

        return [.. counts.Select((count, i) => new HistogramBin(min + (i * width), min + ((i + 1) * width), count))];
    }
}
