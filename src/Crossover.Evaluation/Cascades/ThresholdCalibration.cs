namespace Crossover.Evaluation.Cascades;

/// <summary>Chooses a cascade's threshold on the dev split alone: the grid comes from dev gate scores and the choice from dev quality and cost.</summary>
internal static class ThresholdCalibration
{
    /// <summary>
    /// The thresholds tried: the distinct dev gate scores of the earlier stages, thinned to <paramref name="points"/>
    /// evenly spaced order statistics (the lowest and highest always in) when there are more.
    /// </summary>
    public static double[] Grid(IEnumerable<double[]> gateScores, int points)
    {
        var values = gateScores.SelectMany(s => s).Where(v => !double.IsNaN(v)).Distinct().Order().ToArray();
        if (values.Length <= points)
        {
            return values;
        }

        return [.. Enumerable.Range(0, points).Select(k => values[(int)Math.Round(k * (values.Length - 1) / (double)(points - 1))]).Distinct()];
    }

    /// <summary>
    /// The grid point that best meets the objective on dev. Quality target (or, by default, the strongest single
    /// candidate's dev quality): the cheapest threshold reaching it, else the best quality. Budget: the best quality
    /// within it, else the cheapest. Ties go to the lower threshold, which accepts more on the cheap stage.
    /// </summary>
    /// <param name="grid">Thresholds, ascending.</param>
    /// <param name="evaluate">Mean (quality, cost per request) on dev at a threshold.</param>
    /// <param name="targetQuality">The quality to reach, when the objective is a quality.</param>
    /// <param name="budgetPerRequest">USD per request not to exceed, when the objective is a budget.</param>
    /// <returns>The threshold and its dev quality and cost.</returns>
    public static (double Threshold, double Quality, double Cost) Pick(IReadOnlyList<double> grid, Func<double, (double Quality, double Cost)> evaluate, double? targetQuality, double? budgetPerRequest)
    {
        const double Tolerance = 1e-12;
        (double Threshold, double Quality, double Cost)? best = null;
        var bestFeasible = false;
        foreach (var threshold in grid)
        {
            var (quality, cost) = evaluate(threshold);
            var feasible = budgetPerRequest is { } budget ? cost <= budget + Tolerance : quality >= targetQuality!.Value - Tolerance;
            if (best is not { } current)
            {
                best = (threshold, quality, cost);
                bestFeasible = feasible;
                continue;
            }

            bool better;
            if (feasible != bestFeasible)
            {
                better = feasible;
            }
            else if (budgetPerRequest is not null)
            {
                // Within budget: best quality, then cheaper. Over budget everywhere: cheapest.
                better = feasible
                    ? quality > current.Quality + Tolerance || (Math.Abs(quality - current.Quality) <= Tolerance && cost < current.Cost - Tolerance)
                    : cost < current.Cost - Tolerance;
            }
            else
            {
                // Reaching the target: cheapest, then better. Below it everywhere: best quality, then cheaper.
                better = feasible
                    ? cost < current.Cost - Tolerance || (Math.Abs(cost - current.Cost) <= Tolerance && quality > current.Quality + Tolerance)
                    : quality > current.Quality + Tolerance || (Math.Abs(quality - current.Quality) <= Tolerance && cost < current.Cost - Tolerance);
            }

            if (better)
            {
                best = (threshold, quality, cost);
                bestFeasible = feasible;
            }
        }

        return best ?? throw new ArgumentException("the grid is empty", nameof(grid));
    }
}
