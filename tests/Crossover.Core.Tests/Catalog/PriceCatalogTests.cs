using Crossover.Core.Catalog;
using Crossover.Core.Economics;
using Crossover.Core.Input;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

public sealed class PriceCatalogTests
{
    private static PriceCatalog Parse(string models) =>
        PriceCatalogReader.Read(YamlMap.Parse("date: 2026-11-29\nmodels:\n" + models, "user.yaml"), requireDate: true);

    [Fact]
    public void Bundled_EveryEntryNamesItsSourceAndReadDate_AndEverySuccessorIsInTheCatalog()
    {
        var catalog = TestData.Catalog;

        Assert.All(catalog.Models, m =>
        {
            Assert.StartsWith("https://", m.Source);
            Assert.True(m.Read is { } read && read <= catalog.Date, $"{m.Id}: read {m.Read} must be on or before the catalog date");
            Assert.True(m.FineTuning is null || m.FineTuning.Source.StartsWith("https://", StringComparison.Ordinal), $"{m.Id}: fine-tuning source");
            Assert.True(m.Lifecycle?.Successor is not { } s || catalog.FindModel(s) is not null, $"{m.Id}: successor {m.Lifecycle?.Successor} is missing");
        });
        Assert.All(catalog.Gpus, g => Assert.True(g.Source.StartsWith("https://", StringComparison.Ordinal) && g.Read <= catalog.Date, g.Id));
    }

    [Theory]
    [InlineData("gpt-4.1-nano", "2026-10-23")]
    [InlineData("gpt-5", "2026-12-11")]
    [InlineData("gpt-5-mini", "2026-12-11")]
    [InlineData("gpt-5-nano", "2026-12-11")]
    [InlineData("gpt-4.1", "2027-01-14")]
    [InlineData("gpt-4.1-mini", "2027-01-14")]
    [InlineData("gpt-4o", "2027-01-14")]
    [InlineData("gpt-4o-mini", "2027-01-14")]
    [InlineData("gemini-2.5-pro", "2026-12-01")]
    [InlineData("gemini-2.5-flash", "2026-12-01")]
    public void Bundled_AnnouncedShutdowns_AreRecorded(string id, string shutdown)
    {
        Assert.Equal(DateOnly.Parse(shutdown, System.Globalization.CultureInfo.InvariantCulture), TestData.Catalog.FindModel(id)!.Lifecycle!.Shutdown);
    }

    [Fact]
    public void Bundled_OpenAiWindDown_HasItsThreeStepsAndFinalCutoff()
    {
        var ft = TestData.Catalog.FindModel("gpt-4.1-mini")!.FineTuning!;

        Assert.False(ft.AcceptsNewJobs);
        Assert.Equal(new DateOnly(2027, 1, 6), ft.NewJobsUntil);
        Assert.Null(ft.ServingUntil); // fine-tunes end with their base model
        Assert.Equal([new DateOnly(2026, 5, 7), new DateOnly(2026, 7, 2), new DateOnly(2027, 1, 7)], ft.WindDown!.Select(s => s.From));
    }

    [Fact]
    public void Bundled_CacheRulesAndTiers_FollowTheProvidersMultipliers()
    {
        var catalog = TestData.Catalog;

        Assert.All(catalog.Models.Where(m => m.Provider == "anthropic"), m =>
        {
            Assert.Equal(m.Input * 1.25, m.CacheWrite!.Value, 9);
            Assert.Equal(m.Input * 2, m.CacheWriteOneHour!.Value, 9);
            Assert.Equal(m.Input * 0.1, m.CachedInput!.Value, 9);
        });
        Assert.Equal(2048, catalog.FindModel("gemini-2.5-pro")!.MinCacheableTokens);
        Assert.Equal(2048, catalog.FindModel("gemini-2.5-flash")!.MinCacheableTokens);
        Assert.Equal(new LongContextPrice(200_000, 6, 0.6, 7.5, 22.5), catalog.FindModel("claude-sonnet-4-5")!.LongContext);
        Assert.Equal((3.99, 2.79), (catalog.FindGpu("lambda-h100-sxm")!.Hourly, catalog.FindGpu("lambda-a100-80gb")!.Hourly));
        Assert.Equal(3.99, catalog.FindModel("qwen2.5-7b-instruct")!.FineTuning!.Endpoint!.Hourly);
    }

    [Fact]
    public void Read_LifecycleAndWindDown_AreParsed()
    {
        var model = Parse("""
              - id: m
                input: 1
                output: 2
                read: 2026-11-20
                unconfirmed: only a blog post
                lifecycle: { deprecated: 2026-10-14, shutdown: 2027-01-14, successor: n, note: why, source: https://example.com/d, read: 2026-11-28 }
                fineTuning:
                  training: 3
                  input: 4
                  output: 5
                  newJobsUntil: 2027-01-06
                  servingUntil: 2027-01-13
                  windDown: [{ from: 2026-05-07, blocks: newcomers }]
            """).Models.Single();

        Assert.Equal(new ModelLifecycle(new(2026, 10, 14), new(2027, 1, 14), "n", "why", "https://example.com/d", new(2026, 11, 28)), model.Lifecycle);
        Assert.Equal((new DateOnly(2026, 11, 20), "only a blog post"), (model.Read!.Value, model.Unconfirmed));
        Assert.Equal(new DateOnly(2027, 1, 13), model.FineTuning!.ServingUntil);
        Assert.Equal(new WindDownStep(new(2026, 5, 7), "newcomers"), Assert.Single(model.FineTuning.WindDown!));
    }

    [Theory]
    [InlineData("    lifecycle: { deprecated: 2027-02-01, shutdown: 2027-01-14, source: s }\n", "models[0].lifecycle.shutdown")]
    [InlineData("    lifecycle: { shutdown: 14/01/2027, source: s }\n", "models[0].lifecycle.shutdown")]
    [InlineData("    lifecycle: { shutdown: 2027-01-14 }\n", "models[0].lifecycle.source")]
    [InlineData("    fineTuning: { training: 1, input: 1, output: 1, endpoint: { hourly: 3.99, hardware: H100 } }\n", "models[0].fineTuning.input")]
    [InlineData("    fineTuning: { training: 1, endpoint: { hardware: H100 } }\n", "models[0].fineTuning.endpoint.hourly")]
    [InlineData("    fineTuning: { training: 1, input: 1, output: 1, windDown: [{ from: 2026-07-02, blocks: a }, { from: 2026-05-07, blocks: b }] }\n", "models[0].fineTuning.windDown")]
    [InlineData("    longContext: { input: 6, output: 22.5 }\n", "models[0].longContext.above")]
    public void Read_BadLifecycleOrTier_NamesTheField(string extra, string field)
    {
        var error = Assert.Throws<InputException>(() => Parse("  - id: m\n    input: 1\n    output: 2\n" + extra));

        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void Read_TunedModelOnADedicatedEndpoint_HasNoPerTokenPrices()
    {
        var ft = Parse("  - id: m\n    input: 1\n    output: 2\n    fineTuning: { training: 0.48, endpoint: { hourly: 3.99, hardware: 1x H100 80GB } }\n").Models.Single().FineTuning!;

        Assert.Equal((0.0, 0.0, 3.99), (ft.Input, ft.Output, ft.Endpoint!.Hourly));
    }

    [Fact]
    public void CostModel_ManagedTuneOnADedicatedEndpoint_IsBilledByTheReplicaHour()
    {
        // The default 10,000 requests a month at 3,600 per replica-hour fit in the one warm replica: 1 × 730 h × $3.99
        var profile = new UseCaseProfile
        {
            Prompted = new PromptedDeployment { Model = "gpt-5.4-mini" },
            FineTuned = new FineTunedDeployment { BaseModel = "qwen2.5-7b-instruct", Hosting = Hosting.Managed },
        };

        var e = CostModel.Compute(profile, TestData.Catalog);

        Assert.Equal(730 * 3.99 / 10_000, e.Options[1].PerRequest.ServingUsd, 12);
    }
}
