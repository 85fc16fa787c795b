using Crossover.Core.Statistics;

namespace Crossover.Core.Tests;

public sealed class DistributionsTests
{
    [Theory]
    [InlineData(0.3, 1, 1, 0.3)] // Beta(1, 1) is uniform: F(x) = x
    [InlineData(0.5, 2, 2, 0.5)] // symmetric
    [InlineData(0.7, 3, 1, 0.343)] // Beta(3, 1): F(x) = x³
    [InlineData(0.2, 1, 4, 0.5904)] // Beta(1, 4): F(x) = 1 − (1 − x)⁴
    [InlineData(0.9, 181, 21, 0.5498)] // 180 of 200 correct: F(x) = P(Binomial(201, x) ≥ 181), summed exactly
    public void BetaCdf_MatchesClosedForms(double x, double a, double b, double expected) =>
        Assert.Equal(expected, Distributions.BetaCdf(x, a, b), 3);

    [Fact]
    public void SampleBeta_HasTheBetaMeanAndVariance()
    {
        // Beta(8, 2): mean 0.8, variance ab / ((a + b)²(a + b + 1)) = 16 / 1100.
        var random = new Random(5);
        var draws = Enumerable.Range(0, 100_000).Select(_ => Distributions.SampleBeta(random, 8, 2)).ToList();

        var mean = draws.Average();
        var variance = draws.Average(d => (d - mean) * (d - mean));
        Assert.Equal(0.8, mean, 2);
        Assert.Equal(16.0 / 1100, variance, 3);
        Assert.All(draws, d => Assert.InRange(d, 0, 1));
    }
}
