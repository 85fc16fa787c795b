using Crossover.Core.Decisions;
using Crossover.Core.Profiles;

namespace Crossover.Core.Economics;

/// <summary>
/// What the ranges in a profile do: a one-at-a-time sweep of each ranged input (where the cheaper approach or the
/// recommendation flips) and a seeded Monte Carlo with triangular distributions (docs/economics.md).
/// </summary>
internal static class UncertaintyAnalysis
{
    private const int FlipSearchSteps = 40;

    public static UncertaintyResult? Analyze(
        UseCaseProfile profile, ResolvedPrices prices, Func<UseCaseProfile, Approach> recommend, int draws, int seed)
    {
        var ranged = ProfileParameter.All.Where(p => p.Get(profile) is { IsRange: true }).ToList();
        if (ranged.Count == 0)
        {
            return null;
        }

        var baseline = recommend(profile);
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
        return new UncertaintyResult(rows, MonteCarlo(profile, prices, ranged, draws, seed));
    }

    public static MonteCarloResult MonteCarlo(UseCaseProfile profile, ResolvedPrices prices, IReadOnlyList<ProfileParameter> ranged, int draws, int seed)
    {
        var random = new Random(seed);
        var savings = new double[draws];
        var ranges = ranged.Select(p => p.Get(profile)!.Value).ToArray();
        var promptCheapest = 0;
        for (var i = 0; i < draws; i++)
        {
            var drawn = profile;
            for (var j = 0; j < ranged.Count; j++)
            {
                drawn = ranged[j].Set(drawn, Triangular(random, ranges[j]));
            }

            var (prompt, tuned) = CostModel.Totals(CostInputs.From(drawn, prices));
            savings[i] = prompt - tuned;
            if (prompt <= tuned)
            {
                promptCheapest++;
            }
        }

        Array.Sort(savings);
        var percentiles = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in new[] { 5, 25, 50, 75, 95 })
        {
            percentiles[$"p{p}"] = draws == 0 ? 0 : savings[Math.Min(draws - 1, (int)(p / 100.0 * draws))];
        }

        var share = draws == 0 ? 0 : (double)promptCheapest / draws;
        return new MonteCarloResult(draws, seed, share, draws == 0 ? 0 : 1 - share, percentiles, Histogram(savings, 30));
    }

    /// <summary>Inverse-CDF sample of a triangular distribution on [low, high] with mode likely.</summary>
    internal static double Triangular(Random random, Estimate range)
    {
        var (a, c, b) = (range.Low, range.Likely, range.High);
        if (b <= a)
        {
            return c;
        }

        var u = random.NextDouble();
        var split = (c - a) / (b - a);
        return u < split ? a + Math.Sqrt(u * (b - a) * (c - a)) : b - Math.Sqrt((1 - u) * (b - a) * (b - c));
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
