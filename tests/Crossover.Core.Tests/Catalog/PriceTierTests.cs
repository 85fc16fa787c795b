using Crossover.Core.Catalog;
using Crossover.Core.Economics;
using Crossover.Core.Input;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

/// <summary>Long-context tiers, 1-hour cache writes and dedicated endpoints in the economics, against round hand prices.</summary>
public sealed class PriceTierTests
{
    /// <summary>
    /// tiered: $2 in, $0.2 cached, $2.5 write (5 min), $4 write (1 h), $10 out; above 200,000 prompt tokens $4 / $0.4 / $5 / $15.
    /// served: tuned only on a dedicated endpoint at $4 per replica-hour.
    /// </summary>
    private static readonly PriceCatalog Tiers = PriceCatalogReader.Read(YamlMap.Parse("""
        date: 2026-01-01
        models:
          - id: tiered
            input: 2
            cachedInput: 0.2
            cacheWrite: 2.5
            cacheWrite1h: 4
            output: 10
            minCacheableTokens: 1000
            longContext: { above: 200000, input: 4, cachedInput: 0.4, cacheWrite: 5, output: 15 }
            source: test
          - id: served
            input: 1
            output: 1
            source: test
            fineTuning: { training: 4, endpoint: { hourly: 4, hardware: 1 GPU, source: test }, source: test }
        gpus:
          - id: gpu
            hourly: 2
            peakTflops: 1000
            source: test
        """, "tiers.yaml"), requireDate: true);

    private static UseCaseProfile Profile(double systemTokens, double inputTokens, double outputTokens, double hitRate = 0, CacheTtl ttl = CacheTtl.FiveMinutes, double volume = 100_000) => new()
    {
        BehaviorChanges = ChangeFrequency.Rarely,
        LeadTimeMonths = new LeadTimes { Prompt = 0, FineTune = 0, FineTunePlusPrompt = 0, Cascade = 0, Distillation = 0 },
        Traffic = new Traffic { RequestsPerMonth = volume, HorizonMonths = 12 },
        Prompted = new PromptedDeployment
        {
            Model = "tiered", SystemPromptTokens = systemTokens, FewShotCount = 0, InputTokens = inputTokens, OutputTokens = outputTokens,
            CacheablePrefixShare = 1, CacheHitRate = hitRate, CacheTtl = ttl,
        },
        FineTuned = new FineTunedDeployment
        {
            BaseModel = "served", Hosting = Hosting.Managed, SystemPromptTokens = 0, RetrainsPerYear = 0, MaintenanceUsdPerMonth = 0,
            RequestsPerGpuHour = 1000, MinReplicas = 1,
        },
    };

    private static double PromptPerRequest(UseCaseProfile profile) => CostModel.Compute(profile, Tiers).Options[0].CostPerRequestUsd;

    [Fact]
    public void Prompt_AtTheLongContextThreshold_IsBilledAtTheBaseRates()
    {
        // 200,000 tokens is not above 200,000: 200,000 × $2/M + 1,000 × $10/M = 0.4 + 0.01
        Assert.Equal(0.41, PromptPerRequest(Profile(0, 200_000, 1_000)), 9);
    }

    [Fact]
    public void Prompt_OneTokenAboveTheLongContextThreshold_BillsTheWholeRequestAtTheTier()
    {
        // 200,001 tokens: every token at the tier, output too: 200,001 × $4/M + 1,000 × $15/M = 0.800004 + 0.015
        Assert.Equal(0.815004, PromptPerRequest(Profile(0, 200_001, 1_000)), 9);
    }

    [Fact]
    public void LongContext_CountsTheCachedPrefixInThePromptLength()
    {
        // 150,000 cached-prefix + 60,000 input = 210,000 > 200,000; every hit reads the prefix at $0.4/M:
        // 150,000 × $0.4/M + 60,000 × $4/M + 1,000 × $15/M = 0.06 + 0.24 + 0.015
        Assert.Equal(0.315, PromptPerRequest(Profile(150_000, 60_000, 1_000, hitRate: 1)), 9);
    }

    [Theory]
    // 2,000-token prefix, half the requests miss and write it: 1,000 × $0.2/M + 1,000 × write rate
    [InlineData(CacheTtl.FiveMinutes, (200 + 2_500) / 1e6)]
    [InlineData(CacheTtl.OneHour, (200 + 4_000) / 1e6)]
    public void CacheWrites_ArePricedAtTheLifetimeTheProfileBuys(CacheTtl ttl, double expected)
    {
        Assert.Equal(expected, PromptPerRequest(Profile(2_000, 0, 0, hitRate: 0.5, ttl: ttl)), 12);
    }

    [Fact]
    public void OneHourCacheWrite_AboveTheLongContextThreshold_ScalesTheTiersInput()
    {
        // 300,000-token prefix, half written: 1-hour write is 4 / 2 = 2× input, at the tier 2 × $4 = $8/M:
        // 150,000 × $0.4/M + 150,000 × $8/M = 0.06 + 1.2
        Assert.Equal(1.26, PromptPerRequest(Profile(300_000, 0, 0, hitRate: 0.5, ttl: CacheTtl.OneHour)), 9);
    }

    [Fact]
    public void EndpointServedTune_PaysWholeReplicasForTheHourAllMonth()
    {
        // 1,000,000 requests / 730 h = 1,369.9 an hour over 1,000 per replica-hour → 2 replicas; 2 × 730 h × $4 = $5,840 a month
        var e = CostModel.Compute(Profile(0, 500, 100, volume: 1_000_000), Tiers);
        var tune = e.OptionCosts.Single(o => o.Kind == OptionKind.FineTune);

        Assert.All(tune.MonthlyUsd, month => Assert.Equal(5_840, month, 6));
        Assert.Equal(5_840 / 1e6, e.Options[1].CostPerRequestUsd, 12);
        Assert.Contains(e.Prices, p => p.Unit == "USD / replica-hour" && p.Value == 4);
    }

    [Fact]
    public void EndpointServedTune_WithLittleTraffic_StillPaysTheMinimumReplica()
    {
        // 1,000 requests a month need a fraction of one replica; the one kept warm costs 1 × 730 h × $4 = $2,920
        var e = CostModel.Compute(Profile(0, 500, 100, volume: 1_000), Tiers);

        Assert.All(e.OptionCosts.Single(o => o.Kind == OptionKind.FineTune).MonthlyUsd, month => Assert.Equal(2_920, month, 6));
    }

    [Fact]
    public void SelfHostedTune_OfALongPrompt_PaysNoTokensAtThePromptedModelsTier()
    {
        // Self-hosted serving is paid in GPU-hours only: the prompted model's long-context tier must not leak into it.
        var longPrompt = Profile(0, 250_000, 1_000);
        var profile = longPrompt with { FineTuned = longPrompt.FineTuned with { Hosting = Hosting.SelfHosted, Gpu = "gpu", ParametersBillions = 8 } };
        var request = CostModel.Compute(profile, Tiers).Options[1].PerRequest;

        Assert.Equal(0, request.UncachedInputUsd + request.CacheUsd + request.OutputUsd);
    }

    [Theory]
    [InlineData("prompted: { cacheTtl: 1h }", CacheTtl.OneHour)]
    [InlineData("prompted: { cacheTtl: 5m }", CacheTtl.FiveMinutes)]
    [InlineData("prompted: { model: gpt-4.1 }", CacheTtl.FiveMinutes)]
    public void Profile_CacheTtl_IsReadWithFiveMinutesByDefault(string yaml, CacheTtl expected)
    {
        Assert.Equal(expected, ProfileReader.Parse(yaml, "ttl.yaml").Prompted.CacheTtl);
    }

    [Fact]
    public void Profile_UnknownCacheTtl_NamesTheFieldAndTheChoices()
    {
        var error = Assert.Throws<InputException>(() => ProfileReader.Parse("prompted: { cacheTtl: 2h }", "ttl.yaml"));

        Assert.Contains("prompted.cacheTtl", error.Message);
        Assert.Contains("5m or 1h", error.Message);
    }
}
