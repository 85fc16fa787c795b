using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

public sealed class ScenarioTests
{
    public static TheoryData<string, Approach, HybridPattern?, bool> Scenarios => new()
    {
        { "b2b-saas-first-feature.yaml", Approach.PromptEngineering, null, false },
        { "customer-service-5m-tickets.yaml", Approach.FineTuning, null, false },
        { "internal-docs-qa.yaml", Approach.PromptEngineering, null, true },
        { "brand-voice-content.yaml", Approach.FineTuning, null, false },
        { "legal-rigid-format.yaml", Approach.FineTuning, null, false },
        { "prototype-exploration.yaml", Approach.PromptEngineering, null, false },
        { "mixed-production.yaml", Approach.Hybrid, HybridPattern.Cascade, false },
        { "support-tone.yaml", Approach.Hybrid, HybridPattern.FineTunePlusPrompt, true },
        { "medical-coding.yaml", Approach.FineTuning, null, false },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Decide_BundledScenario_GivesTheFrameworksAnswer(string file, Approach expected, HybridPattern? pattern, bool retrieval)
    {
        var report = Decider.Decide(ProfileReader.Load(TestData.Scenario(file)), TestData.Catalog, new DecideOptions { MonteCarloDraws = 500 });

        Assert.Equal(expected, report.Recommendation);
        Assert.Equal(pattern, report.HybridPattern);
        Assert.Equal(retrieval, report.Retrieval);
        Assert.InRange(report.Confidence, 0, 1);
        Assert.NotEmpty(report.NextSteps);
        Assert.All(report.Criteria, c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
    }

    [Fact]
    public void Decide_BrandVoiceWithPreferencePairs_RecommendsPreferenceTuning()
    {
        var report = Decider.Decide(ProfileReader.Load(TestData.Scenario("brand-voice-content.yaml")), TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 });

        Assert.Equal(TuningMethod.PreferenceTuning, report.TuningMethod);
    }

    [Fact]
    public void Decide_Prototype_IsGatedToPrompting()
    {
        var report = Decider.Decide(ProfileReader.Load(TestData.Scenario("prototype-exploration.yaml")), TestData.Catalog);

        Assert.Equal("prototype-stage", report.Gate);
        Assert.Null(report.TuningMethod);
    }

    [Fact]
    public void Decide_MedicalCoding_NamesTheQualityGapAsDeciding()
    {
        var report = Decider.Decide(ProfileReader.Load(TestData.Scenario("medical-coding.yaml")), TestData.Catalog);

        Assert.Equal("quality-bar", report.DecidingCriteria[0]);
        Assert.Contains("67 %", report.Criteria.Single(c => c.Id == "quality-bar").Explanation);
    }

    [Fact]
    public void Decide_CustomerServiceProfile_WithStrongSignalsFlipsToPromptingWhenVolumeCollapses()
    {
        var profile = ProfileReader.Load(TestData.Scenario("customer-service-5m-tickets.yaml"));
        var small = profile with { Traffic = profile.Traffic with { RequestsPerMonth = 20_000, MonthlyGrowth = 0 } };

        var report = Decider.Decide(small, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 });

        Assert.Equal(Approach.PromptEngineering, report.Recommendation);
    }

    [Fact]
    public void Decide_NoDataAndNoWayToLabel_GatesToPrompting()
    {
        var profile = ProfileReader.Load(TestData.Scenario("medical-coding.yaml"));
        var noData = profile with { Data = profile.Data with { LabeledExamples = 0, CanLabelMore = false } };

        var report = Decider.Decide(noData, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 });

        Assert.Equal(Approach.PromptEngineering, report.Recommendation);
        Assert.Equal("no-labeled-data", report.Gate);
    }

    [Fact]
    public void Decide_PromptingMeetsEveryBar_ShipsThePrompt()
    {
        var profile = ProfileReader.Load(TestData.Scenario("medical-coding.yaml"));
        var good = profile with { Quality = profile.Quality with { Prompting = 0.95 }, Format = profile.Format with { RequiredCompliance = 0.95 } };

        var report = Decider.Decide(good, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 });

        Assert.Equal(Approach.PromptEngineering, report.Recommendation);
        var prompt = report.Options.Single(o => o.Kind == OptionKind.Prompt);
        Assert.True(prompt.Feasible);
        Assert.Equal(1, prompt.FeasibilityProbability, 9);
    }

    [Fact]
    public void Decide_ManagedBaseWhoseProviderStoppedNewJobs_PointsToPromptingAndSaysWhy()
    {
        var profile = ProfileReader.Load(TestData.Scenario("customer-service-5m-tickets.yaml"));
        var openAi = profile with { FineTuned = profile.FineTuned with { BaseModel = "gpt-4.1-mini" } };

        var report = Decider.Decide(openAi, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 });

        var availability = report.Criteria.Single(c => c.Id == "lock-in-and-availability");
        Assert.Equal(Direction.PromptEngineering, availability.Favors);
        Assert.Equal(CriterionRole.Constraint, availability.Entered);
        Assert.All(report.Options.Where(o => o.Kind is OptionKind.FineTune or OptionKind.FineTunePlusPrompt or OptionKind.Distillation),
            o => Assert.Contains("takes no new fine-tuning jobs", o.ExcludedBecause, StringComparison.Ordinal));
        Assert.Equal(Approach.PromptEngineering, report.Recommendation);
        Assert.Contains(report.NextSteps, s => s.Contains("still accepts new fine-tuning jobs", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_SelfHostingRequiredWithAManagedFineTune_RulesOutTheManagedOptionsAndSaysHow()
    {
        var profile = ProfileReader.Load(TestData.Scenario("medical-coding.yaml"));
        var resident = profile with { Team = profile.Team with { SelfHostRequired = true } };

        var report = Decider.Decide(resident, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 });

        var tuned = report.Options.Single(o => o.Kind == OptionKind.FineTune);
        Assert.Contains("fineTuned.hosting: self-hosted", tuned.ExcludedBecause, StringComparison.Ordinal);
        Assert.NotEqual(OptionKind.FineTune, report.RecommendedOption);
    }

    [Fact]
    public void Decide_EveryOptionIsListed_WithAReasonWhenRuledOutAndAPriceWhenPriceable()
    {
        var report = Decider.Decide(ProfileReader.Load(TestData.Scenario("support-tone.yaml")), TestData.Catalog, new DecideOptions { MonteCarloDraws = 1000 });

        Assert.Equal(Enum.GetValues<OptionKind>(), report.Options.Select(o => o.Kind));
        Assert.Contains("facts change weekly", report.Options.Single(o => o.Kind == OptionKind.FineTune).ExcludedBecause, StringComparison.Ordinal);
        Assert.Contains("cascade.strongShare", report.Options.Single(o => o.Kind == OptionKind.Cascade).ExcludedBecause, StringComparison.Ordinal);
        var chosen = report.Options.Single(o => o.Kind == report.RecommendedOption);
        Assert.True(chosen.Feasible);
        Assert.Equal(chosen.ProbabilityBest, report.Confidence, 3);
    }

    [Fact]
    public void Decide_HighVolumePromptThatMeetsTheBarButFewLabels_DistilsIt()
    {
        // Seed 000: fine-tune when "unit economics demand it"; with 100 labels, people would label 1,900 more at $5, while the
        // measured prompt (93 % on 300 items against 85 %) can label them for the cost of 2,000 calls and 200 checks.
        var profile = ProfileReader.Parse("""
            task: generation
            traffic: { requestsPerMonth: 3000000, horizonMonths: 12 }
            data: { labeledExamples: 100, costPerLabelUsd: 5 }
            team: { mlExpertise: some }
            quality: { bar: 0.85, prompting: { quality: 0.93, items: 300 } }
            prompted: { model: gpt-4.1, systemPromptTokens: 1500, inputTokens: 400, outputTokens: 200, cacheHitRate: 0.5 }
            fineTuned: { baseModel: llama-3.1-8b-instruct, trainingExamples: 2000, tokensPerExample: 800, engineeringUsd: 20000 }
            """, "distil.yaml");

        var report = Decider.Decide(profile, TestData.Catalog, new DecideOptions { MonteCarloDraws = 2000 });

        Assert.Equal(OptionKind.Distillation, report.RecommendedOption);
        Assert.Equal(HybridPattern.Distillation, report.HybridPattern);
        var distil = report.Options.Single(o => o.Kind == OptionKind.Distillation);
        var tune = report.Options.Single(o => o.Kind == OptionKind.FineTune);
        var prompt = report.Options.Single(o => o.Kind == OptionKind.Prompt);
        Assert.True(distil.Cost!.TotalUsd < tune.Cost!.TotalUsd && distil.Cost.TotalUsd < prompt.Cost!.TotalUsd);
        Assert.True(prompt.Feasible);
    }
}
