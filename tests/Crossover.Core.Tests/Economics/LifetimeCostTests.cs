using Crossover.Core.Catalog;
using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Input;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

/// <summary>Model lifetimes wired into the option costs: each retiring model is priced against a twin with the same prices and no end.</summary>
public sealed class LifetimeCostTests
{
    // Decision on the catalog's date 2026-11-29: month 3 covers 2027-01-29..2027-02-28, so a 2027-02-10 shutdown falls in month 3.
    private static readonly PriceCatalog Catalog = PriceCatalogReader.Read(YamlMap.Parse("""
        date: 2026-11-29
        models:
          - id: retiring
            input: 1
            output: 2
            source: test
            lifecycle: { shutdown: 2027-02-10, successor: successor, source: deprecations }
          - id: successor
            input: 2
            output: 4
            source: test
          - id: twin
            input: 1
            output: 2
            source: test
          - id: tune-old
            input: 1
            output: 2
            source: test
            lifecycle: { shutdown: 2027-02-10, successor: tune-new, source: deprecations }
            fineTuning: { training: 10, input: 2, output: 4, source: test }
          - id: tune-new
            input: 1
            output: 2
            source: test
            fineTuning: { training: 20, input: 3, output: 6, source: test }
          - id: tune-twin
            input: 1
            output: 2
            source: test
            fineTuning: { training: 10, input: 2, output: 4, source: test }
          - id: dead-end
            input: 1
            output: 2
            source: test
            lifecycle: { shutdown: 2027-02-10, successor: twin, source: deprecations }
            fineTuning: { training: 10, input: 2, output: 4, source: test }
          - id: closing
            provider: acme
            input: 1
            output: 2
            source: test
            fineTuning: { training: 10, input: 2, output: 4, newJobsUntil: 2026-11-15, source: test }
        """, "lifetimes.yaml"), requireDate: true);

    private static UseCaseProfile Profile(string prompted, string baseModel, int horizon = 6) => ProfileReader.Parse($$"""
        stage: production
        traffic: { requestsPerMonth: 100000, horizonMonths: {{horizon}} }
        data: { labeledExamples: 1000, costPerLabelUsd: 1 }
        quality: { bar: 0.8 }
        prompted: { model: {{prompted}}, systemPromptTokens: 1000, inputTokens: 500, outputTokens: 500, engineeringUsd: 3000 }
        fineTuned: { baseModel: {{baseModel}}, systemPromptTokens: 100, trainingExamples: 1000, tokensPerExample: 500, epochs: 2, retrainUsd: 2000 }
        """, "lifetimes.yaml");

    private static OptionCost Cost(UseCaseProfile profile, OptionKind kind) =>
        CostModel.Compute(profile, Catalog).OptionCosts.Single(o => o.Kind == kind);

    [Fact]
    public void PromptOnAModelShuttingDownInMonth3_PaysThePortThereAndTheSuccessorsPricesFromThen()
    {
        var retiring = Cost(Profile("retiring", "tune-twin"), OptionKind.Prompt);
        var twin = Cost(Profile("twin", "tune-twin"), OptionKind.Prompt);

        // per request: 1,500 in × $1/M + 500 out × $2/M = $0.0025; on the successor 1,500 × $2/M + 500 × $4/M = $0.005
        // months 3–6: +$0.0025 × 100,000 = +$250 a month; month 3 also pays the port (prompted.engineeringUsd $3,000)
        // total: 4 × $250 + $3,000 = $4,000 more than the twin that never retires
        Assert.Equal(4000, retiring.TotalUsd - twin.TotalUsd, 6);
        Assert.Equal(3000, retiring.MigrationUsd, 6);
        Assert.Equal(0, twin.MigrationUsd);
        Assert.Equal([0, 0, 3250, 250, 250, 250], retiring.MonthlyUsd.Zip(twin.MonthlyUsd, (a, b) => Math.Round(a - b, 6)));
        Assert.Equal(retiring.TotalUsd, retiring.CumulativeUsd[^1], 6);
    }

    [Fact]
    public void FineTuneOnABaseShuttingDownInMonth3_RetunesOnTheSuccessorThere()
    {
        var retiring = Cost(Profile("twin", "tune-old"), OptionKind.FineTune);
        var twin = Cost(Profile("twin", "tune-twin"), OptionKind.FineTune);

        // tuned request: 600 in × $2/M + 500 out × $4/M = $0.0032; on tune-new 600 × $3/M + 500 × $6/M = $0.0048
        // months 3–6 (the 1.5-month lead is over): +$0.0016 × 100,000 = +$160 a month
        // month 3: re-tune = 1,000 examples × 500 tokens × 2 epochs = 1M tokens × $20/M = $20, plus retrainUsd $2,000
        // total: 4 × $160 + $2,020 = $2,660
        Assert.Equal(2660, retiring.TotalUsd - twin.TotalUsd, 6);
        Assert.Equal(2020, retiring.MigrationUsd, 6);
        Assert.Equal([0, 0, 2180, 160, 160, 160], retiring.MonthlyUsd.Zip(twin.MonthlyUsd, (a, b) => Math.Round(a - b, 6)));
    }

    [Fact]
    public void ModelsThatOutliveTheHorizon_LeaveEveryOptionUnchanged()
    {
        // The 2027-02-10 shutdowns fall in month 3; a two-month horizon ends before them.
        var retiring = CostModel.Compute(Profile("retiring", "tune-old", horizon: 2), Catalog).OptionCosts;
        var twin = CostModel.Compute(Profile("twin", "tune-twin", horizon: 2), Catalog).OptionCosts;

        Assert.Equal(twin.Select(o => o.TotalUsd), retiring.Select(o => o.TotalUsd));
        Assert.All(retiring, o => Assert.Equal(0, o.MigrationUsd));
    }

    [Fact]
    public void TunedOptionWhoseSuccessorCannotBeTuned_IsRuledOutWithTheReason()
    {
        var report = Decider.Decide(Profile("twin", "dead-end"), Catalog, new DecideOptions { MonteCarloDraws = 0 });

        foreach (var kind in new[] { OptionKind.FineTune, OptionKind.FineTunePlusPrompt, OptionKind.Distillation })
        {
            var option = report.Options.Single(o => o.Kind == kind);
            Assert.Equal(
                "model lifetime: fine-tunes of dead-end stop answering on 2027-02-10 (month 3) and the catalog lists no fine-tuning for its successor twin",
                option.ExcludedBecause);
        }

        Assert.Equal(OptionKind.Prompt, report.RecommendedOption);
    }

    [Fact]
    public void DecisionDate_MovesTheMigrationMonth()
    {
        // Decided on 2026-12-29, the 2027-02-10 shutdown falls in month 2 (2027-01-29..2027-02-28): five months on the successor.
        var profile = Profile("retiring", "tune-twin");
        var late = Decider.Decide(profile, Catalog, new DecideOptions { MonteCarloDraws = 0, DecisionDate = new DateOnly(2026, 12, 29) });
        var twin = Decider.Decide(Profile("twin", "tune-twin"), Catalog, new DecideOptions { MonteCarloDraws = 0, DecisionDate = new DateOnly(2026, 12, 29) });

        double Prompt(DecisionReport r) => r.Options.Single(o => o.Kind == OptionKind.Prompt).Cost!.TotalUsd;
        Assert.Equal((5 * 250) + 3000, Prompt(late) - Prompt(twin), 6);
    }

    [Fact]
    public void BaseModelTakingNoNewJobsOnTheDecisionDate_RulesOutTheTunedOptions_ButNotBefore()
    {
        var profile = Profile("twin", "closing");

        var after = Decider.Decide(profile, Catalog, new DecideOptions { MonteCarloDraws = 0 });
        var before = Decider.Decide(profile, Catalog, new DecideOptions { MonteCarloDraws = 0, DecisionDate = new DateOnly(2026, 11, 1) });

        Assert.Equal(
            "model lifetime: fine-tuning closing is not possible on 2026-11-29: acme took new jobs until 2026-11-15",
            after.Options.Single(o => o.Kind == OptionKind.FineTune).ExcludedBecause);
        Assert.Null(before.Options.Single(o => o.Kind == OptionKind.FineTune).ExcludedBecause);
    }
}
