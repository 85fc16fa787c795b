using Crossover.Core.Catalog;
using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Evidence;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

/// <summary>Metamorphic properties of the decision over generated profiles (seeded, a few hundred each).</summary>
public sealed class DecisionPropertyTests
{
    private const int Cases = 300;

    private static readonly DecideOptions NoDraws = new() { MonteCarloDraws = 0 };

    /// <summary>Round prices in the shape of real ones: a strong and a mid prompted model, and two tunable small ones.</summary>
    private static readonly PriceCatalog Catalog = PriceCatalogReader.Read(Input.YamlMap.Parse("""
        date: 2026-01-01
        models:
          - { id: strong, input: 3, cachedInput: 0.3, output: 12, minCacheableTokens: 1024, source: test }
          - { id: mid, input: 0.8, cachedInput: 0.2, output: 3.2, minCacheableTokens: 1024, source: test }
          - id: small
            input: 0.1
            output: 0.4
            source: test
            parametersBillions: 8
            fineTuning: { training: 3, input: 0.3, output: 1.2, source: test }
          - id: tiny
            input: 0.05
            output: 0.2
            source: test
            fineTuning: { training: 1, input: 0.1, output: 0.4, source: test }
        """, "property.yaml"), requireDate: true);

    private static readonly OptionKind[] Tuned = [OptionKind.FineTune, OptionKind.FineTunePlusPrompt, OptionKind.Distillation];

    /// <summary>A random but plausible production profile: no ranges, no cascade unless asked, managed fine-tuning.</summary>
    private static UseCaseProfile Generate(Random random, bool cascade = false)
    {
        T Pick<T>(params T[] values) => values[random.Next(values.Length)];
        double LogUniform(double low, double high) => Math.Exp(Math.Log(low) + (random.NextDouble() * (Math.Log(high) - Math.Log(low))));
        var bar = 0.7 + (0.25 * random.NextDouble());
        var labeled = Math.Round(LogUniform(10, 30_000));
        Estimate? promptQuality = random.NextDouble() < 0.5 ? null : Math.Round(0.5 + (0.5 * random.NextDouble()), 2);
        return new UseCaseProfile
        {
            Task = Pick(Enum.GetValues<TaskKind>()),
            Domain = Pick(Enum.GetValues<DomainSpecialization>()),
            BehaviorChanges = Pick(Enum.GetValues<ChangeFrequency>()),
            KnowledgeChanges = Pick(Enum.GetValues<ChangeFrequency>()),
            Style = Pick(Enum.GetValues<StyleNeed>()),
            Format = new FormatRequirement { Strictness = Pick(Enum.GetValues<FormatStrictness>()), RequiredCompliance = Pick(0.9, 0.95, 0.99) },
            Traffic = new Traffic { RequestsPerMonth = Math.Round(LogUniform(1_000, 10_000_000)), MonthlyGrowth = Pick(0, 0.02, 0.05), HorizonMonths = Pick(6, 12, 24) },
            Data = new DataAssets { LabeledExamples = labeled, CostPerLabelUsd = Pick(0.5, 2, 10), CanLabelMore = random.NextDouble() < 0.8 },
            Team = new Team { MlExpertise = Pick(Enum.GetValues<Expertise>()) },
            Quality = new QualityTargets { Bar = bar, Prompting = promptQuality },
            Prompted = new PromptedDeployment
            {
                Model = Pick("strong", "mid"),
                SystemPromptTokens = Math.Round(LogUniform(100, 4000)),
                FewShotCount = random.Next(0, 25),
                TokensPerExample = Math.Round(LogUniform(50, 600)),
                InputTokens = Math.Round(LogUniform(50, 3000)),
                OutputTokens = Math.Round(LogUniform(20, 800)),
                CacheHitRate = Pick(0, 0.5, 0.8),
                EngineeringUsd = Pick(0, 3000, 10_000),
            },
            FineTuned = new FineTunedDeployment
            {
                BaseModel = Pick("small", "tiny"),
                TrainingExamples = Math.Round(LogUniform(100, 10_000)),
                TokensPerExample = Math.Round(LogUniform(200, 3000)),
                EngineeringUsd = Pick(5000, 20_000, 50_000),
                MaintenanceUsdPerMonth = Pick(0, 500, 3000),
            },
            Cascade = cascade ? new CascadeSettings { StrongShare = Math.Round(random.NextDouble(), 2), CheapModel = "mid" } : new CascadeSettings(),
        };
    }

    private static IEnumerable<(int Case, UseCaseProfile Profile)> Profiles(int seed, bool cascade = false)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            yield return (i, Generate(random, cascade));
        }
    }

    private static DecisionReport Decide(UseCaseProfile profile, RunEvidence? evidence = null) =>
        Decider.Decide(profile, Catalog, NoDraws with { Evidence = evidence });

    [Fact]
    public void MoreVolume_NeverMakesFineTuningLessFavoured()
    {
        var checkedCases = 0;
        foreach (var (i, profile) in Profiles(seed: 11))
        {
            var report = Decide(profile);
            if (report.Economics.Options[1].CostPerRequestUsd >= report.Economics.Options[0].CostPerRequestUsd)
            {
                continue; // a tuned call that is not cheaper than the prompt makes volume work against it, as it should
            }

            var busier = Decide(profile with { Traffic = profile.Traffic with { RequestsPerMonth = profile.Traffic.RequestsPerMonth.Likely * 3 } });
            checkedCases++;
            if (report.RecommendedOption == OptionKind.FineTune)
            {
                Assert.True(busier.RecommendedOption == OptionKind.FineTune, $"case {i}: fine-tune at {profile.Traffic.RequestsPerMonth.Likely}/month, {busier.RecommendedOption} at 3×");
            }

            var saving = report.Economics.Options[0].TotalUsd - report.Economics.Options[1].TotalUsd;
            var busierSaving = busier.Economics.Options[0].TotalUsd - busier.Economics.Options[1].TotalUsd;
            Assert.True(busierSaving >= saving - 1e-6, $"case {i}: fine-tuning's saving fell from {saving} to {busierSaving} with more volume");
        }

        Assert.True(checkedCases > Cases / 3, $"only {checkedCases} cases had a cheaper tuned call");
    }

    [Fact]
    public void LowerMeasuredFineTunedQuality_NeverMakesFineTuningMoreFavoured()
    {
        foreach (var (i, profile) in Profiles(seed: 12))
        {
            var high = 0.5 + (0.5 * new Random(i).NextDouble());
            var low = high - 0.15;
            DecisionReport WithTuned(double quality) => Decide(profile with { Quality = profile.Quality with { FineTuned = quality, FineTunedItems = 150 } });
            var better = WithTuned(high);
            var worse = WithTuned(low);

            var betterTuned = better.Options.Single(o => o.Kind == OptionKind.FineTune);
            var worseTuned = worse.Options.Single(o => o.Kind == OptionKind.FineTune);
            Assert.True(worseTuned.FeasibilityProbability <= betterTuned.FeasibilityProbability + 1e-12, $"case {i}: feasibility rose as measured quality fell");
            if (better.RecommendedOption != OptionKind.FineTune)
            {
                Assert.True(worse.RecommendedOption != OptionKind.FineTune, $"case {i}: fine-tune recommended only at the lower quality {low:0.00}");
            }
        }
    }

    [Fact]
    public void MeasurementBelowTheBarBeyondItsInterval_AlwaysMakesThatOptionInfeasible()
    {
        foreach (var (i, profile) in Profiles(seed: 13))
        {
            var random = new Random(i);
            var items = random.Next(30, 400);
            var bar = profile.Quality.Bar.Likely;
            // Far enough below that the Wilson interval's top stays under the bar.
            var measured = Math.Max(0, bar - 0.3 - (0.2 * random.NextDouble()));
            Assert.True(Statistics.Stats.Wilson(measured * items, items).High < bar, $"case {i}: generator error");

            var promptLow = Decide(profile with { Quality = profile.Quality with { Prompting = measured, PromptingItems = items } });
            var tunedLow = Decide(profile with { Quality = profile.Quality with { FineTuned = measured, FineTunedItems = items } });

            var prompt = promptLow.Options.Single(o => o.Kind == OptionKind.Prompt);
            Assert.False(prompt.Feasible, $"case {i}");
            Assert.Contains("measured", prompt.InfeasibleBecause, StringComparison.Ordinal);
            foreach (var option in tunedLow.Options.Where(o => Tuned.Contains(o.Kind) && o.ExcludedBecause is null))
            {
                Assert.False(option.Feasible, $"case {i}: {option.Kind}");
            }

            Assert.DoesNotContain(tunedLow.RecommendedOption, Tuned);
        }
    }

    [Fact]
    public void LessNeedForTheStrongModel_NeverRemovesTheCascadeFromConsideration()
    {
        foreach (var (i, profile) in Profiles(seed: 14, cascade: true))
        {
            var share = profile.Cascade.StrongShare!.Value.Likely;
            var report = Decide(profile);
            var fewer = Decide(profile with { Cascade = profile.Cascade with { StrongShare = share * 0.3 } });

            var before = report.Options.Single(o => o.Kind == OptionKind.Cascade);
            var after = fewer.Options.Single(o => o.Kind == OptionKind.Cascade);
            Assert.Null(before.ExcludedBecause);
            Assert.Null(after.ExcludedBecause);
            Assert.True(after.Cost!.TotalUsd <= before.Cost!.TotalUsd + 1e-6, $"case {i}: fewer escalations cost more");
            Assert.True(after.FeasibilityProbability >= before.FeasibilityProbability - 1e-12, $"case {i}");
        }
    }

    [Fact]
    public void APrototype_IsAlwaysPrompt()
    {
        foreach (var (i, profile) in Profiles(seed: 15, cascade: true))
        {
            var report = Decide(profile with { Stage = Stage.Prototype });

            Assert.True(report.Recommendation == Approach.PromptEngineering, $"case {i}");
            Assert.Equal(OptionKind.Prompt, report.RecommendedOption);
            Assert.All(report.Options.Where(o => o.Kind != OptionKind.Prompt), o => Assert.NotNull(o.ExcludedBecause));
        }
    }

    [Fact]
    public void ARunWhereTheTunedCandidateMissesTheBar_NeverYieldsFineTuning()
    {
        foreach (var (i, profile) in Profiles(seed: 16))
        {
            var evidence = new RunEvidence("run-miss",
                new MeasuredCandidate("prompted", "strong", 0.93, null, null, null, null, null, null, null, 200),
                new MeasuredCandidate("tuned", "small", 0.0, null, null, null, null, null, null, null, 200));

            var report = Decide(profile with { Quality = profile.Quality with { Bar = 0.85 } }, evidence);

            Assert.True(report.Recommendation != Approach.FineTuning, $"case {i}");
            Assert.DoesNotContain(report.RecommendedOption, Tuned);
        }
    }
}
