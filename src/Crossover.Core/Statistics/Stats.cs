namespace Crossover.Core.Statistics;

/// <summary>
/// Confidence intervals, paired tests and sample sizes for evaluation results. Pure functions: the bootstrap takes
/// a seed, so the same data always gives the same interval. Formulas and sources are in docs/statistics.md.
/// </summary>
public static class Stats
{
    /// <summary>The two-sided 95 % normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    private const double Z80Power = 0.8416212335729143;

    /// <summary>The Wilson score interval for a proportion (Wilson 1927), which stays inside [0, 1] and behaves at 0 and n.</summary>
    /// <param name="successes">Successes.</param>
    /// <param name="trials">Trials.</param>
    /// <param name="z">The normal quantile (1.96 for 95 %).</param>
    /// <returns>The proportion with its interval; (0, 0, 1) when there are no trials.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Successes is negative or above trials.</exception>
    public static Interval Wilson(double successes, int trials, double z = Z95)
    {
        if (trials <= 0)
        {
            return new Interval(0, 0, 1);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        var p = successes / trials;
        var z2 = z * z;
        var denominator = 1 + (z2 / trials);
        var center = (p + (z2 / (2.0 * trials))) / denominator;
        var half = z / denominator * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4.0 * trials * trials)));
        return new Interval(p, Math.Max(0, center - half), Math.Min(1, center + half));
    }

    /// <summary>A percentile bootstrap interval of any statistic over items resampled with replacement (Efron &amp; Tibshirani 1993).</summary>
    /// <param name="items">How many items there are.</param>
    /// <param name="statistic">Computes the statistic from item indices (with repeats).</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="resamples">How many resamples.</param>
    /// <returns>The statistic on all items with its 95 % interval.</returns>
    public static Interval Bootstrap(int items, Func<IReadOnlyList<int>, double> statistic, int seed = 1, int resamples = 2000)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        var all = Enumerable.Range(0, items).ToArray();
        var value = statistic(all);
        if (items == 0)
        {
            return new Interval(value, value, value);
        }

        var draws = SortedResamples(items, statistic, seed, resamples);
        return new Interval(value, Percentile(draws, 0.025), Percentile(draws, 0.975));
    }

    /// <summary>The statistic over <paramref name="resamples"/> seeded resamples of the items with replacement, sorted.</summary>
    private static double[] SortedResamples(int items, Func<IReadOnlyList<int>, double> statistic, int seed, int resamples)
    {
        var random = new Random(seed);
        var draws = new double[resamples];
        var sample = new int[items];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < items; i++)
            {
                sample[i] = random.Next(items);
            }

            draws[b] = statistic(sample);
        }

        Array.Sort(draws);
        return draws;
    }

    /// <summary>The mean of per-item scores with a 95 % interval: Wilson when every score is 0 or 1, bootstrap otherwise.</summary>
    /// <param name="scores">One score per item, each in [0, 1].</param>
    /// <param name="seed">The bootstrap seed.</param>
    /// <returns>The mean with its interval.</returns>
    public static Interval Mean(IReadOnlyList<double> scores, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.All(s => s is 0 or 1))
        {
            return Wilson(scores.Sum(), scores.Count);
        }

        return Bootstrap(scores.Count, idx => MeanOf(scores, idx), seed);
    }

    /// <summary>
    /// Compares two candidates' per-item scores on the same items, the interval and the p-value from one method each
    /// time: binary scores use the exact McNemar test (binomial on the discordant pairs) with its inverted
    /// (Clopper–Pearson) interval; other scores use a paired bootstrap of the mean difference for both.
    /// </summary>
    /// <param name="first">Per-item scores of the first candidate.</param>
    /// <param name="second">Per-item scores of the second candidate, same order and length.</param>
    /// <param name="seed">The bootstrap seed.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static PairedComparison ComparePaired(IReadOnlyList<double> first, IReadOnlyList<double> second, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException("both candidates must be scored on the same items", nameof(second));
        }

        if (first.All(s => s is 0 or 1) && second.All(s => s is 0 or 1))
        {
            return McNemar(first, second);
        }

        return PairedBootstrap(first.Count, idx => MeanOf(first, idx), idx => MeanOf(second, idx), seed);
    }

    /// <summary>A paired bootstrap of the difference of any statistic computed on the same resampled items.</summary>
    /// <param name="items">How many items both candidates answered.</param>
    /// <param name="first">The first candidate's statistic over item indices.</param>
    /// <param name="second">The second candidate's statistic over the same indices.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="resamples">How many resamples.</param>
    /// <returns>The comparison; the p-value is twice the share of resampled differences on the far side of zero.</returns>
    public static PairedComparison PairedBootstrap(int items, Func<IReadOnlyList<int>, double> first, Func<IReadOnlyList<int>, double> second, int seed = 1, int resamples = 2000)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var all = Enumerable.Range(0, items).ToArray();
        var observed = first(all) - second(all);
        if (items == 0)
        {
            return new PairedComparison(0, 0, 0, 1, "paired-bootstrap", 0, null);
        }

        var draws = SortedResamples(items, sample => first(sample) - second(sample), seed, resamples);
        var below = draws.Count(d => d <= 0) / (double)resamples;
        var above = draws.Count(d => d >= 0) / (double)resamples;
        var p = Math.Min(1, 2 * Math.Min(below, above));
        var sd = StandardDeviation(draws);
        int? needed = observed == 0 || sd == 0 ? null : (int)Math.Ceiling(items * Math.Pow((Z95 + Z80Power) * sd / observed, 2));
        // The interval's ends are the order statistics the p-value counts past (the 50th from each end of 2,000), so the
        // interval excludes zero exactly when p < 0.05: the interval and the test are one method (docs/statistics.md).
        var tail = Math.Max(1, (int)(resamples * 0.025));
        return new PairedComparison(observed, draws[tail - 1], draws[resamples - tail], p, "paired-bootstrap", items, needed);
    }

    /// <summary>The two-sided p-value of an exact binomial test of <paramref name="k"/> successes in <paramref name="n"/> fair trials.</summary>
    /// <param name="k">Successes.</param>
    /// <param name="n">Trials.</param>
    /// <returns>The p-value (twice the smaller tail), at most 1.</returns>
    public static double BinomialTwoSided(int k, int n) =>
        n == 0 ? 1 : Math.Min(1, 2 * BinomialCdf(Math.Min(k, n - k), n, 0.5));

    /// <summary>
    /// The exact (Clopper–Pearson) 95 % interval for a binomial share: the inversion of the exact binomial test, so it
    /// excludes a share π₀ exactly when that test, two tails of 2.5 % each, rejects π₀ (Clopper &amp; Pearson 1934, Biometrika 26(4)).
    /// </summary>
    /// <param name="k">Successes.</param>
    /// <param name="n">Trials (at least 1).</param>
    /// <returns>The interval for the share.</returns>
    public static Interval ClopperPearson(int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var share = k / (double)n;
        var low = k == 0 ? 0 : Solve(pi => 1 - BinomialCdf(k - 1, n, pi), increasing: true);
        var high = k == n ? 1 : Solve(pi => BinomialCdf(k, n, pi), increasing: false);
        return new Interval(share, low, high);

        // The share at which the tail probability equals 2.5 %, by bisection (the tails are monotone in π).
        static double Solve(Func<double, double> tail, bool increasing)
        {
            double lo = 0, hi = 1;
            for (var i = 0; i < 60; i++)
            {
                var mid = (lo + hi) / 2;
                if ((tail(mid) < 0.025) == increasing)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            return (lo + hi) / 2;
        }
    }

    /// <summary>The standard normal cumulative distribution (Abramowitz &amp; Stegun 7.1.26 via erf, error below 1.5e-7).</summary>
    /// <param name="x">The point.</param>
    /// <returns>P(Z ≤ x).</returns>
    public static double NormalCdf(double x)
    {
        var t = 1 / (1 + (0.3275911 * Math.Abs(x) / Math.Sqrt(2)));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        var erf = 1 - (poly * Math.Exp(-x * x / 2));
        return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }

    /// <summary>The p-th quantile (0–1) of sorted values, by linear interpolation.</summary>
    /// <param name="sorted">Values in ascending order.</param>
    /// <param name="p">The quantile.</param>
    /// <returns>The quantile; 0 when empty.</returns>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }

        var position = p * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(sorted.Count - 1, lower + 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    private static PairedComparison McNemar(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        var n = first.Count;
        int onlyFirst = 0, onlySecond = 0;
        for (var i = 0; i < n; i++)
        {
            if (first[i] > second[i])
            {
                onlyFirst++;
            }
            else if (second[i] > first[i])
            {
                onlySecond++;
            }
        }

        // One method for the p-value and the interval: the exact conditional test on the discordant pairs and its
        // inversion, so the interval excludes zero exactly when p < 0.05 (docs/statistics.md).
        var discordant = onlyFirst + onlySecond;
        var p = BinomialTwoSided(onlyFirst, discordant);
        var difference = n == 0 ? 0 : (onlyFirst - onlySecond) / (double)n;
        var (low, high) = (difference, difference);
        if (discordant > 0)
        {
            var share = ClopperPearson(onlyFirst, discordant);
            var scale = discordant / (double)n;
            (low, high) = (scale * ((2 * share.Low) - 1), scale * ((2 * share.High) - 1));
        }

        // Connor (1987): items needed for McNemar's test from the discordant share ψ and the difference δ.
        int? needed = null;
        if (onlyFirst != onlySecond && n > 0)
        {
            var psi = discordant / (double)n;
            var delta = Math.Abs(difference);
            needed = (int)Math.Ceiling(Math.Pow((Z95 * Math.Sqrt(psi)) + (Z80Power * Math.Sqrt(Math.Max(0, psi - (delta * delta)))), 2) / (delta * delta));
        }

        return new PairedComparison(difference, low, high, p, "mcnemar", n, needed);
    }

    private static double MeanOf(IReadOnlyList<double> scores, IReadOnlyList<int> indices)
    {
        if (indices.Count == 0)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var i in indices)
        {
            sum += scores[i];
        }

        return sum / indices.Count;
    }

    private static double StandardDeviation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
    }

    /// <summary>P(X ≤ k) for X ~ Binomial(n, π), summed in log space term by term (no overflow for large n).</summary>
    private static double BinomialCdf(int k, int n, double pi)
    {
        if (k < 0)
        {
            return 0;
        }

        if (k >= n || pi <= 0)
        {
            return 1;
        }

        if (pi >= 1)
        {
            return 0;
        }

        var logTerm = n * Math.Log(1 - pi);
        var ratio = Math.Log(pi) - Math.Log(1 - pi);
        var sum = Math.Exp(logTerm);
        for (var i = 0; i < k; i++)
        {
            logTerm += Math.Log(n - i) - Math.Log(i + 1) + ratio;
            sum += Math.Exp(logTerm);
        }

        return Math.Min(1, sum);
    }
}
