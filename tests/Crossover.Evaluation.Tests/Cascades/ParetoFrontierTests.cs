using Crossover.Evaluation.Cascades;

namespace Crossover.Evaluation.Tests.Cascades;

public sealed class ParetoFrontierTests
{
    private sealed record Point(string Name, double? Cost, double? Quality);

    [Fact]
    public void Of_DominatedAndUnpricedPoints_AreLeftOut_CheapestFirst()
    {
        Point[] points =
        [
            new("strong", 10, 0.95), new("cheap", 1, 0.70), new("dominated", 5, 0.69), new("unpriced", null, 0.99),
            new("cascade", 4, 0.93), new("same-cost-worse", 4, 0.80), new("no-quality", 0.5, null),
        ];

        var frontier = ParetoFrontier.Of(points, p => p.Cost, p => p.Quality);

        Assert.Equal(["cheap", "cascade", "strong"], frontier.Select(p => p.Name));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Of_RandomPoints_NoPointOffTheFrontierBeatsOneOnIt_AndEveryPointOffItIsBeaten(int seed)
    {
        var random = new Random(seed);
        var points = Enumerable.Range(0, 40).Select(i => new Point($"p{i}", Math.Round(random.NextDouble(), 2), Math.Round(random.NextDouble(), 2))).ToList();

        var frontier = ParetoFrontier.Of(points, p => p.Cost, p => p.Quality);

        foreach (var point in points)
        {
            var beaten = points.Any(o => o.Cost <= point.Cost && o.Quality >= point.Quality && (o.Cost < point.Cost || o.Quality > point.Quality));
            if (frontier.Contains(point))
            {
                Assert.False(beaten, point.Name);
            }
            else
            {
                // Off the frontier: beaten outright, or a tie with a point that is on it.
                Assert.True(beaten || frontier.Any(f => f.Cost == point.Cost && f.Quality == point.Quality), point.Name);
            }
        }
    }
}
