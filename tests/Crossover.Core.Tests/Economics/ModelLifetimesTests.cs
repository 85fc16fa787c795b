using Crossover.Core.Catalog;
using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Input;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

public sealed class ModelLifetimesTests
{
    private static readonly DateOnly Decision = new(2026, 11, 29);

    // Month m of the horizon covers [2026-11-29 + (m-1) months, 2026-11-29 + m months):
    // m1 = 11-29..12-28, m2 = 12-29..01-28, …, m7 = 05-29..06-28.
    private static readonly PriceCatalog Lifetimes = PriceCatalogReader.Read(YamlMap.Parse("""
        date: 2026-11-29
        models:
          - id: old
            input: 1
            output: 2
            source: test
            lifecycle: { shutdown: 2027-01-14, successor: mid, source: deprecations }
            fineTuning: { training: 10, input: 2, output: 4, source: test }
          - id: mid
            input: 2
            output: 8
            source: test
            lifecycle: { shutdown: 2027-06-10, successor: new, source: deprecations }
            fineTuning: { training: 20, input: 4, output: 16, source: test }
          - id: new
            input: 3
            output: 9
            source: test
            fineTuning: { training: 30, input: 6, output: 18, source: test }
          - id: frozen
            input: 1
            output: 1
            source: test
            lifecycle: { shutdown: 2027-02-01, successor: untunable, source: deprecations }
            fineTuning: { training: 10, input: 2, output: 4, source: test }
          - id: untunable
            input: 1
            output: 1
            source: test
          - id: closing
            input: 1
            output: 1
            source: test
            fineTuning: { training: 10, input: 2, output: 4, newJobsUntil: 2026-11-01, source: test }
          - id: orphan
            input: 1
            output: 1
            source: test
            lifecycle: { shutdown: 2027-03-01, source: deprecations }
          - id: short-tunes
            input: 1
            output: 1
            source: test
            lifecycle: { shutdown: 2028-01-01, successor: new, source: deprecations }
            fineTuning: { training: 10, input: 2, output: 4, servingUntil: 2027-03-31, source: test }
        """, "lifetimes.yaml"), requireDate: true);

    // 5M training tokens; $8,000 to re-tune and re-validate; $3,000 to move and re-validate a prompt.
    private static readonly MigrationEffort Effort = new(TrainingTokens: 5_000_000, RetuneEngineeringUsd: 8_000, PromptPortEngineeringUsd: 3_000);

    [Fact]
    public void Plan_PromptOnModelEndingInMonthTwo_MovesThePromptThenAtTheSuccessorsPrices()
    {
        var plan = ModelLifetimes.Plan(Lifetimes, "old", tuned: false, Decision, horizonMonths: 3, Effort);

        var move = Assert.Single(plan.Migrations);
        Assert.False(plan.IsRuledOut);
        Assert.Equal(2, move.Month); // 2027-01-14 falls in 12-29..01-28
        Assert.Equal(new DateOnly(2027, 1, 14), move.EndsOn);
        Assert.Equal("mid", move.To.Id);
        Assert.Equal(MigrationKind.PromptPort, move.Kind);
        Assert.Equal(3_000, move.OneOffUsd);
    }

    [Fact]
    public void Plan_TunedOverTwelveMonths_RetunesOnEachSuccessorInItsShutdownMonth()
    {
        var plan = ModelLifetimes.Plan(Lifetimes, "old", tuned: true, Decision, horizonMonths: 12, Effort);

        Assert.Collection(plan.Migrations,
            first =>
            {
                // month 2; 5M tokens × $20/M on mid = $100 training + $8,000 engineering
                Assert.Equal((2, "mid", MigrationKind.Retune), (first.Month, first.To.Id, first.Kind));
                Assert.Equal(100, first.TrainingUsd, 9);
                Assert.Equal(8_100, first.OneOffUsd, 9);
            },
            second =>
            {
                // mid ends 2027-06-10, in 05-29..06-28 = month 7; 5M × $30/M on new = $150 + $8,000
                Assert.Equal((7, "new"), (second.Month, second.To.Id));
                Assert.Equal(8_150, second.OneOffUsd, 9);
            });
    }

    [Fact]
    public void Plan_ShutdownAfterTheHorizon_NeedsNoMigration()
    {
        // a 1-month horizon ends 2026-12-29, before old's shutdown on 2027-01-14
        var plan = ModelLifetimes.Plan(Lifetimes, "old", tuned: true, Decision, horizonMonths: 1, Effort);

        Assert.Empty(plan.Migrations);
        Assert.False(plan.IsRuledOut);
    }

    [Fact]
    public void Plan_TunedWhenTheSuccessorCannotBeTuned_IsRuledOutWithTheReason()
    {
        var plan = ModelLifetimes.Plan(Lifetimes, "frozen", tuned: true, Decision, horizonMonths: 12, Effort);

        Assert.True(plan.IsRuledOut);
        Assert.Empty(plan.Migrations);
        Assert.Equal("fine-tunes of frozen stop answering on 2027-02-01 (month 3) and the catalog lists no fine-tuning for its successor untunable", plan.RuledOut);
    }

    [Fact]
    public void Plan_PromptWhenTheSuccessorCannotBeTuned_StillMovesThePrompt()
    {
        var plan = ModelLifetimes.Plan(Lifetimes, "frozen", tuned: false, Decision, horizonMonths: 12, Effort);

        Assert.Equal("untunable", Assert.Single(plan.Migrations).To.Id);
    }

    [Fact]
    public void Plan_BaseThatTakesNoNewJobsOnTheDecisionDate_IsExcluded()
    {
        var plan = ModelLifetimes.Plan(Lifetimes, "closing", tuned: true, Decision, horizonMonths: 12, Effort);
        var before = ModelLifetimes.Plan(Lifetimes, "closing", tuned: true, new DateOnly(2026, 11, 1), horizonMonths: 12, Effort);

        Assert.Equal("fine-tuning closing is not possible on 2026-11-29: custom took new jobs until 2026-11-01", plan.RuledOut);
        Assert.False(before.IsRuledOut);
    }

    [Fact]
    public void Plan_EndWithoutSuccessor_IsRuledOut()
    {
        var plan = ModelLifetimes.Plan(Lifetimes, "orphan", tuned: false, Decision, horizonMonths: 12, Effort);

        Assert.Equal("orphan stops answering on 2027-03-01 (month 4) and the catalog names no successor", plan.RuledOut);
    }

    [Fact]
    public void Plan_TunesServedShorterThanTheBase_MigrateWhenTheTunesStop()
    {
        // servingUntil 2027-03-31 is the last day served: the tunes stop on 2027-04-01, in 03-29..04-28 = month 5
        var tuned = ModelLifetimes.Plan(Lifetimes, "short-tunes", tuned: true, Decision, horizonMonths: 12, Effort);
        var prompted = ModelLifetimes.Plan(Lifetimes, "short-tunes", tuned: false, Decision, horizonMonths: 12, Effort);

        Assert.Equal((5, new DateOnly(2027, 4, 1)), (Assert.Single(tuned.Migrations).Month, tuned.Migrations[0].EndsOn));
        Assert.Empty(prompted.Migrations);
    }

    [Fact]
    public void Plan_SuccessorsThatLeadBack_AreRuledOutInsteadOfLoopingForever()
    {
        var circle = PriceCatalogReader.Read(YamlMap.Parse("""
            date: 2026-11-29
            models:
              - { id: a, input: 1, output: 1, lifecycle: { shutdown: 2027-01-01, successor: b, source: s } }
              - { id: b, input: 1, output: 1, lifecycle: { shutdown: 2027-02-01, successor: a, source: s } }
            """, "circle.yaml"), requireDate: true);

        var plan = ModelLifetimes.Plan(circle, "a", tuned: false, Decision, horizonMonths: 12, Effort);

        Assert.Equal("the catalog's successors of a go round in a circle at a", plan.RuledOut);
    }

    [Fact]
    public void Plan_ModelPastItsShutdown_MigratesInMonthOne()
    {
        var plan = ModelLifetimes.Plan(Lifetimes, "old", tuned: false, new DateOnly(2027, 2, 1), horizonMonths: 12, Effort);

        Assert.Equal(1, plan.Migrations[0].Month);
    }

    [Fact]
    public void MonthOf_AnyDay_FallsInsideItsMonth()
    {
        var random = new Random(11);
        for (var i = 0; i < 2_000; i++)
        {
            var decision = new DateOnly(2026, 1, 1).AddDays(random.Next(0, 1_500));
            var day = decision.AddDays(random.Next(0, 3_000));

            var month = ModelLifetimes.MonthOf(decision, day);

            Assert.True(decision.AddMonths(month - 1) <= day && day < decision.AddMonths(month), $"{day} is not in month {month} from {decision}");
        }
    }

    [Fact]
    public void Warnings_CatalogOlderThanNinetyDays_SaysSo()
    {
        var fresh = ModelLifetimes.Warnings(Lifetimes, Lifetimes.Date.AddDays(90), 12, [("new", false)]);
        var stale = ModelLifetimes.Warnings(Lifetimes, Lifetimes.Date.AddDays(91), 12, [("new", false)]);

        Assert.Empty(fresh);
        Assert.StartsWith("the price catalog is dated 2026-11-29, 91 days before the decision (2027-02-28)", Assert.Single(stale));
    }

    [Fact]
    public void Warnings_ModelsPastOrNearTheirEnd_AreNamedWithSuccessor()
    {
        var warnings = ModelLifetimes.Warnings(Lifetimes, new DateOnly(2027, 2, 1), 12, [("old", false), ("mid", true)]);

        Assert.Equal(
            [
                "old stopped answering on 2027-01-14, before the decision (deprecations); successor: mid",
                "fine-tunes of mid stop answering on 2027-06-10, in month 5 of the 12-month horizon (deprecations); successor: new",
            ],
            warnings);
    }

    [Fact]
    public void Warnings_BundledOpenAiFineTune_IsExcludedByTheWindDown()
    {
        var warnings = ModelLifetimes.Warnings(TestData.Catalog, new DateOnly(2026, 11, 29), 12, [("gpt-4.1-mini", true)]);

        Assert.Contains(warnings, w => w.StartsWith("fine-tuning gpt-4.1-mini is not possible on 2026-11-29: OpenAI is winding down", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("fine-tunes of gpt-4.1-mini stop answering on 2027-01-14, in month 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_WithADecisionDate_ReportsLifetimeWarnings()
    {
        var profile = ProfileReader.Load(TestData.Scenario("support-tone.yaml"));

        var atCatalogDate = Decider.Decide(profile, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 });
        var late = Decider.Decide(profile, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0, DecisionDate = TestData.Catalog.Date.AddDays(120) });

        Assert.Contains(atCatalogDate.Warnings, w => w.StartsWith("gpt-4.1 stops answering on 2027-01-14, in month 2", StringComparison.Ordinal));
        Assert.DoesNotContain(atCatalogDate.Warnings, w => w.StartsWith("the price catalog is dated", StringComparison.Ordinal));
        Assert.Contains(late.Warnings, w => w.StartsWith("the price catalog is dated", StringComparison.Ordinal));
        Assert.Contains(late.Warnings, w => w.StartsWith("gpt-4.1 stopped answering on 2027-01-14", StringComparison.Ordinal));
    }

    [Fact]
    public void EndpointServing_ReplicasFollowThePeakHour()
    {
        var endpoint = new DedicatedEndpoint(3.99, "1x H100 80GB", "test");

        // 1,460,000 requests / 730 h = 2,000 an hour; ×1.5 peak = 3,000; 1,200 per replica → 2.5 → 3 replicas
        // 3 × 730 h × $3.99 = $8,738.10
        var busy = EndpointServing.Monthly(endpoint, 1_460_000, 1_200, peakToAverage: 1.5);
        var quiet = EndpointServing.Monthly(endpoint, 1_000, 1_200);

        Assert.Equal(3, busy.Replicas);
        Assert.Equal(8_738.10, busy.MonthlyUsd, 6);
        Assert.Equal((1, 730 * 3.99), quiet);
    }

    [Fact]
    public void MonthlyWithMigrations_PricesVolumeOnTheSuccessorFromItsMonthAndAddsTheOneOff()
    {
        // old → mid in month 2 (one-off $3,000), mid → new in month 7 (one-off $3,000); a request costs
        // $0.01 on old, $0.02 on mid, $0.03 on new; 1,000 requests a month; $90 fixed + $10 variable = $100 on old.
        var plan = ModelLifetimes.Plan(Lifetimes, "old", tuned: false, Decision, horizonMonths: 8, Effort);
        var monthly = Enumerable.Repeat(100.0, 8).ToArray();
        var volumes = Enumerable.Repeat(1_000.0, 8).ToArray();

        var adjusted = ModelLifetimes.MonthlyWithMigrations(monthly, volumes, 0.01, plan, m => m.Id == "mid" ? 0.02 : 0.03);

        Assert.Equal([100, 3_110, 110, 110, 110, 110, 3_120, 120], adjusted.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void MonthlyWithMigrations_RuledOutPlan_IsRefused()
    {
        var plan = ModelLifetimes.Plan(Lifetimes, "frozen", tuned: true, Decision, horizonMonths: 12, Effort);

        Assert.Throws<ArgumentException>(() => ModelLifetimes.MonthlyWithMigrations([1.0], [1.0], 0, plan, _ => 0));
    }
}
