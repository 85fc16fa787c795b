using Crossover.Core.Statistics;

namespace Crossover.Core.Tests;

/// <summary>One statistical verdict: a paired comparison's interval excludes zero exactly when its test says p &lt; 0.05.</summary>
public sealed class PairedVerdictTests
{
    [Fact]
    public void McNemar_FourDiscordantPairsOfSixty_IntervalIncludesZeroBesideP0125()
    {
        // The case that read as a contradiction: +0.067 [0.017, 0.133] beside p = 0.125, "not separable".
        var first = Enumerable.Repeat(1.0, 60).ToList();
        var second = Enumerable.Range(0, 60).Select(i => i < 4 ? 0.0 : 1.0).ToList();

        var result = Stats.ComparePaired(first, second);

        Assert.Equal(4 / 60.0, result.Difference, 9);
        Assert.Equal(0.125, result.PValue, 9);
        Assert.False(result.Significant);
        Assert.True(result.Low <= 0, $"interval [{result.Low}, {result.High}] excludes zero while p = 0.125");
        Assert.Equal((4 / 60.0) * ((2 * Math.Pow(0.025, 0.25)) - 1), result.Low, 6);
        Assert.Equal(4 / 60.0, result.High, 6);
    }

    [Fact]
    public void ClopperPearson_MatchesPublishedValues()
    {
        // Clopper & Pearson (1934) / standard tables: 0 of 10 → [0, 0.3085]; 5 of 10 → [0.1871, 0.8129].
        var none = Stats.ClopperPearson(0, 10);
        var half = Stats.ClopperPearson(5, 10);

        Assert.Equal(0, none.Low, 9);
        Assert.Equal(0.3085, none.High, 4);
        Assert.Equal(0.1871, half.Low, 4);
        Assert.Equal(0.8129, half.High, 4);
    }

    [Fact]
    public void BinaryScores_IntervalExcludesZeroExactlyWhenSignificant()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 400; trial++)
        {
            var n = random.Next(5, 400);
            var onlyFirst = random.Next(0, Math.Min(n, 40) + 1);
            var onlySecond = random.Next(0, Math.Min(n - onlyFirst, 40) + 1);
            var first = Enumerable.Range(0, n).Select(i => i < onlyFirst ? 1.0 : i < onlyFirst + onlySecond ? 0.0 : (i % 2)).ToList();
            var second = Enumerable.Range(0, n).Select(i => i < onlyFirst ? 0.0 : i < onlyFirst + onlySecond ? 1.0 : (i % 2)).ToList();

            var result = Stats.ComparePaired(first, second);

            Assert.True((result.Low > 0 || result.High < 0) == result.Significant,
                $"b={onlyFirst} c={onlySecond} n={n}: [{result.Low}, {result.High}] p={result.PValue}");
            Assert.InRange(result.Difference, result.Low, result.High);
        }
    }

    [Fact]
    public void ContinuousScores_IntervalExcludesZeroExactlyWhenSignificant()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 60; trial++)
        {
            var n = random.Next(10, 80);
            var shift = (random.NextDouble() - 0.5) * 0.3;
            var first = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToList();
            var second = first.Select(v => Math.Clamp(v - shift + ((random.NextDouble() - 0.5) * 0.6), 0, 1)).ToList();

            var result = Stats.ComparePaired(first, second, seed: trial);

            Assert.Equal("paired-bootstrap", result.Test);
            Assert.True((result.Low > 0 || result.High < 0) == result.Significant,
                $"trial {trial}: [{result.Low}, {result.High}] p={result.PValue}");
        }
    }
}
