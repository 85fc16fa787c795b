namespace Crossover.Evaluation.Cascades;

/// <summary>The Pareto frontier of quality against cost: the points no other point beats on both.</summary>
public static class ParetoFrontier
{
    /// <summary>
    /// Points with a cost and a quality, cheapest first, keeping each one of strictly higher quality than every cheaper
    /// one (at equal cost the better one is kept). Single candidates and cascades share this one definition.
    /// </summary>
    /// <typeparam name="T">The point type.</typeparam>
    /// <param name="points">The points.</param>
    /// <param name="cost">A point's cost, or null when it has none (left out).</param>
    /// <param name="quality">A point's quality, or null when it has none (left out).</param>
    /// <returns>The frontier, cheapest first.</returns>
    public static IReadOnlyList<T> Of<T>(IEnumerable<T> points, Func<T, double?> cost, Func<T, double?> quality)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(quality);
        var frontier = new List<T>();
        var best = double.NegativeInfinity;
        foreach (var (point, _, q) in points
            .Select(p => (Point: p, Cost: cost(p), Quality: quality(p)))
            .Where(p => p.Cost is not null && p.Quality is not null)
            .Select(p => (p.Point, Cost: p.Cost!.Value, Quality: p.Quality!.Value))
            .OrderBy(p => p.Cost)
            .ThenByDescending(p => p.Quality))
        {
            if (q > best)
            {
                frontier.Add(point);
                best = q;
            }
        }

        return frontier;
    }
}
