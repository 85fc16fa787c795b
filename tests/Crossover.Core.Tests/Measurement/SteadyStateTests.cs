using Crossover.Core.Measurement;

namespace Crossover.Core.Tests.Measurement;

public sealed class SteadyStateTests
{
    [Fact]
    public void TieredJitCurve_SettlesOnTheFastRounds_AndKeepsTheFirstApart()
    {
        // A first run at 160 ms, a tier-0 plateau, then the optimized code at ~42 ms (bench decide's shape).
        var series = new SteadyState(window: 3, tolerance: 0.10);
        foreach (var ms in new[] { 160.0, 95, 90, 60, 43, 41, 44 })
        {
            Assert.False(series.Done);
            series.Add(ms);
        }

        Assert.True(series.IsSteady);
        Assert.Equal(160, series.First);
        Assert.Equal(43, series.Steady);
        Assert.Equal("first-ms=160.0 steady-ms=43.0 rounds=7 settled=yes", series.Describe("ms", "0.0"));
    }

    [Fact]
    public void FirstRound_NeverCountsTowardsTheSteadyWindow()
    {
        var series = new SteadyState(window: 2, tolerance: 0.5);
        series.Add(10);
        series.Add(10);

        Assert.False(series.IsSteady);
        series.Add(10);
        Assert.True(series.IsSteady);
    }

    [Fact]
    public void NoisyBox_StopsAtTheRoundLimit_SayingItDidNotSettle()
    {
        var series = new SteadyState(window: 3, tolerance: 0.05, maxRounds: 6);
        var rounds = 0;
        while (!series.Done)
        {
            series.Add(rounds++ % 2 == 0 ? 100 : 150);
        }

        Assert.Equal(6, rounds);
        Assert.False(series.IsSteady);
        Assert.EndsWith("rounds=6 settled=no", series.Describe("ms", "0"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 5.0, 1, 2, 3 }, 2.0)]
    [InlineData(new[] { 5.0, 7, 1, 4, 3 }, 3.0)]
    public void Steady_IsTheMedianOfTheLastWindow(double[] rounds, double median)
    {
        var series = new SteadyState(window: 3, tolerance: 10);
        foreach (var value in rounds)
        {
            series.Add(value);
        }

        Assert.Equal(median, series.Steady);
    }
}
