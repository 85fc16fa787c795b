using Crossover.Core.Statistics;

namespace Crossover.Core.Tests;

public sealed class StatsTests
{
    [Fact]
    public void Wilson_MatchesPublishedValues()
    {
        // Newcombe (1998), Table I: 81/263 → 0.2553–0.3662.
        var interval = Stats.Wilson(81, 263);

        Assert.Equal(81 / 263.0, interval.Value, 9);
        Assert.Equal(0.2553, interval.Low, 3);
        Assert.Equal(0.3662, interval.High, 3);
    }

    [Fact]
    public void Wilson_AllCorrect_StaysBelowOne()
    {
        var interval = Stats.Wilson(10, 10);

        Assert.Equal(1, interval.High, 9);
        Assert.Equal(0.7225, interval.Low, 3);
    }

    [Fact]
    public void Binomial_ExactTwoSidedValues()
    {
        Assert.Equal(22 / 1024.0, Stats.BinomialTwoSided(1, 10), 9);
        Assert.Equal(1, Stats.BinomialTwoSided(5, 10), 9);
    }

    [Fact]
    public void ComparePaired_BinaryScores_UsesMcNemarAndIsSeparable()
    {
        var first = Enumerable.Range(0, 200).Select(i => i % 10 < 9 ? 1.0 : 0.0).ToList();
        var second = Enumerable.Range(0, 200).Select(i => i % 10 < 6 ? 1.0 : 0.0).ToList();

        var result = Stats.ComparePaired(first, second);

        Assert.Equal("mcnemar", result.Test);
        Assert.Equal(0.3, result.Difference, 9);
        Assert.True(result.Significant);
        Assert.True(result.Low > 0 && result.High < 0.5);
        Assert.InRange(result.ItemsNeeded!.Value, 10, 40);
    }

    [Fact]
    public void ComparePaired_TinyDifference_IsNotSeparableAndNeedsMoreItems()
    {
        var first = Enumerable.Range(0, 50).Select(i => i % 10 < 8 ? 1.0 : 0.0).ToList();
        var second = Enumerable.Range(0, 50).Select(i => i == 0 ? 0.0 : first[i]).ToList();

        var result = Stats.ComparePaired(first, second);

        Assert.False(result.Significant);
        Assert.Equal(1, result.PValue, 9);
        Assert.True(result.ItemsNeeded > 50);
    }

    [Fact]
    public void ComparePaired_ContinuousScores_UsesSeededPairedBootstrap()
    {
        var random = new Random(3);
        var first = Enumerable.Range(0, 100).Select(_ => random.NextDouble()).ToList();
        var second = first.Select(v => Math.Max(0, v - 0.1)).ToList();

        var one = Stats.ComparePaired(first, second, seed: 5);
        var two = Stats.ComparePaired(first, second, seed: 5);

        Assert.Equal("paired-bootstrap", one.Test);
        Assert.Equal(one, two);
        Assert.True(one.Significant);
        Assert.True(one.Difference > 0.05);
    }

    [Fact]
    public void NormalCdf_KnownPoints()
    {
        Assert.Equal(0.5, Stats.NormalCdf(0), 6);
        Assert.Equal(0.975, Stats.NormalCdf(Stats.Z95), 5);
    }
}
