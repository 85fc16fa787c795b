using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

public sealed class NextStepsTests
{
    [Fact]
    public void FineTuningAnswer_ForATeamWithoutMlExpertise_NamesTheGapAndTheManagedRoute()
    {
        var profile = ProfileReader.Load(TestData.Scenario("medical-coding.yaml"));
        var noSkills = profile with { Team = profile.Team with { MlExpertise = Expertise.None } };

        var report = Decider.Decide(noSkills, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 });

        Assert.Equal(Approach.FineTuning, report.Recommendation);
        Assert.Contains(report.NextSteps, s => s.Contains("no ML expertise", StringComparison.Ordinal) && s.Contains("managed route", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("big", true)]
    [InlineData("small", false)]
    public void CachingAdvice_OnlyForAModelWithACachedInputPrice(string model, bool advised)
    {
        // A 1,500-token static prefix and no cache hits: worth caching only where the provider discounts cached input.
        var profile = ProfileReader.Parse($$"""
            traffic: { requestsPerMonth: 1000, horizonMonths: 12 }
            data: { labeledExamples: 100 }
            prompted: { model: {{model}}, systemPromptTokens: 1500, inputTokens: 200, outputTokens: 50, cacheHitRate: 0 }
            fineTuned: { baseModel: small }
            """, "caching.yaml");

        var report = Decider.Decide(profile, TestData.HandCatalog, new DecideOptions { MonteCarloDraws = 0 });

        Assert.Equal(advised, report.NextSteps.Any(s => s.StartsWith("Turn on prompt caching", StringComparison.Ordinal)));
    }

    [Fact]
    public void FineTuningAnswer_OnAssumedPromptingQuality_AsksForAnOptimizedPromptFirst_AndNotOnceItIsMeasured()
    {
        var profile = ProfileReader.Load(TestData.Scenario("medical-coding.yaml"));
        var measured = profile with { Quality = profile.Quality with { PromptingItems = 400 } };

        var assumed = Decider.Decide(profile, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 });
        var known = Decider.Decide(measured, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 });

        Assert.Equal(Approach.FineTuning, assumed.Recommendation);
        Assert.Contains(assumed.NextSteps, s => s.Contains("crossover optimize", StringComparison.Ordinal));
        Assert.DoesNotContain(known.NextSteps, s => s.Contains("crossover optimize", StringComparison.Ordinal));
    }
}
