namespace Crossover.Core.Decisions;

/// <summary>
/// Expected value of information from Monte Carlo draws of each option's loss (docs/decision.md, "Value of information").
/// EVPI = min over options of the mean loss − mean over draws of the least loss: what deciding now costs against knowing
/// everything. The partial value for one input (EVPPI) groups the draws into equal-count bins of that input, picks the best
/// option within each bin, and compares with deciding now (the single-loop binned estimator of Strong &amp; Oakley 2013).
/// </summary>
public static class InformationValue
{
    /// <summary>EVPI from losses[draw][option].</summary>
    /// <param name="losses">One row per draw, one loss per option.</param>
    /// <returns>The expected value of perfect information, in the losses' unit.</returns>
    public static double Evpi(IReadOnlyList<double[]> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        if (losses.Count == 0)
        {
            return 0;
        }

        var now = MeanLosses(losses, 0, losses.Count, null).Min();
        var perfect = losses.Average(row => row.Min());
        return Math.Max(0, now - perfect);
    }

    /// <summary>EVPPI of one input: the draws grouped by its value into equal-count bins.</summary>
    /// <param name="values">The input's value in each draw.</param>
    /// <param name="losses">One row per draw, one loss per option.</param>
    /// <param name="bins">How many bins.</param>
    /// <returns>The value, and whether the best option differs between bins (knowing it could change the answer).</returns>
    public static (double Value, bool CouldChangeAnswer) Evppi(IReadOnlyList<double> values, IReadOnlyList<double[]> losses, int bins = 20)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(losses);
        var n = losses.Count;
        if (n == 0)
        {
            return (0, false);
        }

        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        var overall = MeanLosses(losses, 0, n, null);
        var decideNow = Array.IndexOf(overall, overall.Min());
        var knowing = 0.0;
        var changes = false;
        bins = Math.Clamp(bins, 1, n);
        for (var b = 0; b < bins; b++)
        {
            var from = (int)((long)b * n / bins);
            var to = (int)((long)(b + 1) * n / bins);
            var means = MeanLosses(losses, from, to, order);
            var best = means.Min();
            knowing += best * (to - from);
            changes |= best < means[decideNow] - (1e-9 * Math.Max(1, Math.Abs(best)));
        }

        return (Math.Max(0, overall[decideNow] - (knowing / n)), changes);
    }

    private static double[] MeanLosses(IReadOnlyList<double[]> losses, int from, int to, int[]? order)
    {
        var means = new double[losses[0].Length];
        for (var i = from; i < to; i++)
        {
            var row = losses[order is null ? i : order[i]];
            for (var k = 0; k < means.Length; k++)
            {
                means[k] += row[k];
            }
        }

        for (var k = 0; k < means.Length; k++)
        {
            means[k] /= Math.Max(1, to - from);
        }

        return means;
    }
}
