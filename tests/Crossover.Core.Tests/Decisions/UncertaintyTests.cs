using Crossover.Core.Decisions;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

public sealed class UncertaintyTests
{
    private static UseCaseProfile RangedVolume(double low, double likely, double high) =>
        ProfileReader.Parse($$"""
            behaviorChanges: rarely
            leadTimeMonths: { prompt: 0, fineTune: 0 }
            quality: { bar: 0.8, prompting: { quality: 0.9 }, fineTuned: { quality: 0.9 } }
            traffic: { requestsPerMonth: { low: {{low}}, likely: {{likely}}, high: {{high}} }, horizonMonths: 12 }
            data: { labeledExamples: 1000 }
            prompted: { model: big, systemPromptTokens: 500, fewShotCount: 5, tokensPerExample: 100, inputTokens: 500, outputTokens: 100 }
            fineTuned: { baseModel: small, systemPromptTokens: 0, trainingExamples: 1000, epochs: 2, tokensPerExample: 500, retrainsPerYear: 0, engineeringUsd: 10000, maintenanceUsdPerMonth: 0 }
            """, "ranged.yaml");

    [Fact]
    public void Sensitivity_FindsTheVolumeWhereTheCheaperApproachFlips()
    {
        var report = Decider.Decide(RangedVolume(10_000, 50_000, 200_000), TestData.HandCatalog, new DecideOptions { MonteCarloDraws = 1000 });

        var row = Assert.Single(report.Uncertainty!.Sensitivity);
        Assert.Equal("traffic.requestsPerMonth", row.Input);
        // Break-even by hand: 10,004 / (12 × 0.0166) ≈ 50,221 requests/month.
        Assert.Equal(10_004 / (12 * 0.0166), row.CheapestFlipsAt!.Value, 0);
        Assert.True(row.SavingAtLowUsd < 0 && row.SavingAtHighUsd > 0);
    }

    [Fact]
    public void MonteCarlo_IsReproducibleWithASeed_AndProbabilitiesSumToOne()
    {
        var profile = RangedVolume(10_000, 50_000, 200_000);

        var a = Decider.MonteCarlo(profile, TestData.HandCatalog, 5000, seed: 7);
        var b = Decider.MonteCarlo(profile, TestData.HandCatalog, 5000, seed: 7);

        Assert.Equal(a.ProbabilityPromptCheapest, b.ProbabilityPromptCheapest);
        Assert.Equal(1, a.ProbabilityPromptCheapest + a.ProbabilityFineTuningCheapest, 9);
        Assert.Equal(5000, a.SavingHistogram.Sum(bin => bin.Count));
    }

    [Fact]
    public void MonteCarlo_MatchesTheTriangularProbabilityOfExceedingBreakEven()
    {
        // Triangular(10k, 50k, 200k): P(X > x) for x ≥ mode is (b − x)² / ((b − a)(b − c)).
        var profile = RangedVolume(10_000, 50_000, 200_000);
        var breakEven = 10_004 / (12 * 0.0166);
        var expected = Math.Pow(200_000 - breakEven, 2) / (190_000.0 * 150_000.0);

        var result = Decider.MonteCarlo(profile, TestData.HandCatalog, 100_000, seed: 1);

        // Four standard errors of a proportion from 100,000 draws is about 0.005.
        Assert.InRange(result.ProbabilityFineTuningCheapest, expected - 0.005, expected + 0.005);
    }

    [Fact]
    public void NoRangesAndOnlyStatedQualities_MeansNoUncertaintySection()
    {
        var report = Decider.Decide(RangedVolume(50_000, 50_000, 50_000), TestData.HandCatalog);

        Assert.Null(report.Uncertainty);
    }

    [Fact]
    public void Sensitivity_ReportsWhereTheRecommendationFlips()
    {
        var profile = ProfileReader.Load(TestData.Scenario("customer-service-5m-tickets.yaml"));
        var wide = profile with { Traffic = profile.Traffic with { RequestsPerMonth = new Estimate(10_000, 5_000_000, 6_000_000) } };

        var report = Decider.Decide(wide, TestData.Catalog, new DecideOptions { MonteCarloDraws = 100 });

        var row = report.Uncertainty!.Sensitivity.Single(r => r.Input == "traffic.requestsPerMonth");
        Assert.Equal("prompt-engineering", row.RecommendationAtFlip);
        Assert.InRange(row.RecommendationFlipsAt!.Value, 10_000, 5_000_000);
    }
}
