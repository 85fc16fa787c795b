using Crossover.Evaluation.Cascades;
using Crossover.Routing;

namespace Crossover.Evaluation.Tests.Cascades;

public sealed class CascadeLeakageTests
{
    private static StageColumns RandomColumns(Random random, int items, double costScale)
    {
        var columns = new StageColumns(items);
        for (var i = 0; i < items; i++)
        {
            columns.Score[i] = random.NextDouble() < 0.7 ? 1 : 0;
            columns.Compliant[i] = random.NextDouble() < 0.9;
            columns.Cost[i] = costScale * (0.5 + random.NextDouble());
            columns.Latency[i] = 100 * random.NextDouble();
            columns.Confidence[i] = random.NextDouble();
            columns.Judge[i] = random.NextDouble() < 0.5 ? 1 : 0;
            columns.CostWithJudge[i] = columns.Cost[i] + (columns.Compliant[i] ? 0.1 * costScale : 0);
            columns.Agreement[i] = random.Next(1, 4) / 3.0;
            columns.MajorityScore[i] = columns.Score[i];
            columns.MajorityCompliant[i] = columns.Compliant[i];
            columns.SampledCost[i] = 3 * columns.Cost[i];
            columns.SampledLatency[i] = columns.Latency[i];
        }

        return columns;
    }

    private static CascadeInputs Inputs(StageColumns[] dev, StageColumns[] test) =>
        new("run", "accuracy", [new("a", "openai", "a"), new("b", "openai", "b"), new("c", "openai", "c")], dev, test, 3, []);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void ChangingTestAnswers_NeverChangesWhatWasChosenOnDev(int seed)
    {
        var random = new Random(seed);
        var dev = new[] { RandomColumns(random, 60, 1), RandomColumns(random, 60, 3), RandomColumns(random, 60, 9) };
        var test = new[] { RandomColumns(random, 50, 1), RandomColumns(random, 50, 3), RandomColumns(random, 50, 9) };
        var otherTest = new[] { RandomColumns(random, 50, 2), RandomColumns(random, 50, 1), RandomColumns(random, 50, 5) };
        var options = new CascadeAnalysisOptions { Objective = new(seed % 2 == 0 ? 0.7 : null, null) };

        var first = CascadeAnalyzer.Analyze(Inputs(dev, test), options, DateTimeOffset.UnixEpoch);
        var second = CascadeAnalyzer.Analyze(Inputs(dev, otherTest), options, DateTimeOffset.UnixEpoch);

        Assert.Equal(first.Strongest, second.Strongest);
        Assert.Equal(
            first.Options.Select(o => (o.Name, o.Threshold, o.DevQuality, o.DevCostPerRequestUsd)),
            second.Options.Select(o => (o.Name, o.Threshold, o.DevQuality, o.DevCostPerRequestUsd)));

        // The test answers did change what is reported, so the equality above is not vacuous.
        Assert.NotEqual(first.Options.Select(o => o.Correct), second.Options.Select(o => o.Correct));
        Assert.Equal(3 + (3 * 4) + (1 * 4), first.Options.Count);
        Assert.Contains(first.Options, o => o.Gate == CascadeGate.Judge);
    }
}
