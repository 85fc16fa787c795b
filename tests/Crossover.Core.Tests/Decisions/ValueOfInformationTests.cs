using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

public sealed class ValueOfInformationTests
{
    [Fact]
    public void Evpi_OfTwoOptionsOverFourDraws_MatchesTheHandComputation()
    {
        // Option A loses 0, 0, 100, 100; option B always 50. Deciding now: both average 50.
        // Knowing the draw: 0, 0, 50, 50 → 25 on average. EVPI = 50 − 25 = 25.
        double[][] losses = [[0, 50], [0, 50], [100, 50], [100, 50]];

        Assert.Equal(25, InformationValue.Evpi(losses), 12);
    }

    [Fact]
    public void Evppi_OfTheInputThatDrivesTheLoss_IsTheWholeEvpi_AndOfAnUnrelatedOneIsZero()
    {
        double[][] losses = [[0, 50], [0, 50], [100, 50], [100, 50]];

        // The driver separates draws {1, 2} (A best, 0) from {3, 4} (B best, 50): (0 + 50) / 2 = 25 → 50 − 25.
        var (driver, changes) = InformationValue.Evppi([1, 2, 3, 4], losses, bins: 2);
        // An unrelated input pairs a good and a bad draw in each bin: A and B both average 50 in both.
        var (unrelated, noChange) = InformationValue.Evppi([1, 3, 2, 4], losses, bins: 2);

        Assert.Equal(25, driver, 12);
        Assert.True(changes);
        Assert.Equal(0, unrelated, 12);
        Assert.False(noChange);
    }

    [Fact]
    public void Decide_TwoOptionToy_ReportsTheHandComputedValueOfMeasuringPrompting()
    {
        // Prompt: 12 months × 10,000 × $0.018 = $2,160, quality unmeasured (general domain: assumed P(meets bar) = 0.85).
        // Fine-tune: 10,004 + 12 × 10,000 × 0.0014 = $10,172, stated quality 0.95 ≥ 0.8 (always feasible).
        // A failed prompt costs its $2,160 and then the fine-tune: E[loss] prompt = 2,160 + 0.15 × 10,172 = 3,685.8 < 10,172,
        // so deciding now picks the prompt. Knowing the quality: 0.85 × 2,160 + 0.15 × 10,172.
        // EVPI = 3,685.8 − (1,836 + 1,525.8) = 0.15 × 2,160 = 324, and confidence = P(prompt is best) = 0.85.
        var profile = ProfileReader.Parse("""
            behaviorChanges: rarely
            leadTimeMonths: { prompt: 0, fineTune: 0, fineTunePlusPrompt: 0, distillation: 0 }
            traffic: { requestsPerMonth: 10000, horizonMonths: 12 }
            data: { labeledExamples: 1000 }
            quality: { bar: 0.8, fineTuned: { quality: 0.95 } }
            prompted: { model: big, systemPromptTokens: 500, fewShotCount: 5, tokensPerExample: 100, inputTokens: 500, outputTokens: 100 }
            fineTuned: { baseModel: small, systemPromptTokens: 0, trainingExamples: 1000, epochs: 2, tokensPerExample: 500, retrainsPerYear: 0, engineeringUsd: 10000, maintenanceUsdPerMonth: 0 }
            """, "toy.yaml");

        var report = Decider.Decide(profile, TestData.HandCatalog, new DecideOptions { MonteCarloDraws = 20_000, Seed = 3 });

        Assert.Equal(OptionKind.Prompt, report.RecommendedOption);
        var prompting = report.ValueOfInformation.Single(v => v.Input == "quality.prompting");
        // Sampling error of the 15 % failure share over 20,000 draws is 0.25 points, about $5.4; allow four of them.
        Assert.InRange(prompting.EvpiUsd, 324 - 22, 324 + 22);
        Assert.True(prompting.CouldChangeAnswer);
        Assert.InRange(report.ValueOfInformation.Single(v => v.Input == "everything").EvpiUsd, 324 - 22, 324 + 22);
        Assert.InRange(report.Confidence, 0.85 - 0.01, 0.85 + 0.01);
        Assert.Contains(report.NextSteps, s => s.StartsWith("Measure prompting on 200 labeled items", StringComparison.Ordinal) && s.Contains("worth up to", StringComparison.Ordinal));
    }
}
