using Crossover.Core.Economics;
using Crossover.Core.Input;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

public sealed class CostModelTests
{
    /// <summary>A profile whose costs are easy by hand: no lead times and stable behaviour (no retraining implied).</summary>
    private static UseCaseProfile Hand(double volume = 100_000, double hitRate = 0, double systemTokens = 500) => new()
    {
        BehaviorChanges = ChangeFrequency.Rarely,
        LeadTimeMonths = new LeadTimes { Prompt = 0, FineTune = 0, FineTunePlusPrompt = 0, Cascade = 0, Distillation = 0 },
        Traffic = new Traffic { RequestsPerMonth = volume, HorizonMonths = 12 },
        Data = new DataAssets { LabeledExamples = 1000, CostPerLabelUsd = 1 },
        Prompted = new PromptedDeployment
        {
            Model = "big", SystemPromptTokens = systemTokens, FewShotCount = 5, TokensPerExample = 100, InputTokens = 500, OutputTokens = 100,
            CacheablePrefixShare = 1, CacheHitRate = hitRate,
        },
        FineTuned = new FineTunedDeployment
        {
            BaseModel = "small", SystemPromptTokens = 0, TrainingExamples = 1000, Epochs = 2, TokensPerExample = 500, RetrainsPerYear = 0,
            EngineeringUsd = 10_000, MaintenanceUsdPerMonth = 0,
        },
    };

    [Fact]
    public void PerRequest_WithoutCaching_IsTokensTimesPrices()
    {
        // prompt: (500 + 5×100 + 500) × $10/M + 100 × $30/M = 0.015 + 0.003
        var e = CostModel.Compute(Hand(), TestData.HandCatalog);

        Assert.Equal(0.018, e.Options[0].CostPerRequestUsd, 9);
        // fine-tuned: 500 × $2/M + 100 × $4/M = 0.001 + 0.0004
        Assert.Equal(0.0014, e.Options[1].CostPerRequestUsd, 9);
    }

    [Fact]
    public void PerRequest_WithCaching_ChargesReadsOnHitsAndWritePremiumOnMisses()
    {
        // prefix 1000 tokens ≥ minimum 1000: 0.8 × $1/M + 0.2 × $12.5/M = $3.3/M on the prefix; 500 uncached × $10/M; output 100 × $30/M
        var e = CostModel.Compute(Hand(hitRate: 0.8), TestData.HandCatalog);

        Assert.Equal((1000 * 3.3 / 1e6) + 0.005 + 0.003, e.Options[0].CostPerRequestUsd, 9);
        Assert.Equal(0.018, e.Options[0].CostPerRequestWithoutCachingUsd, 9);
        Assert.Equal(1000, e.Options[0].PerRequest.CachedTokens);
    }

    [Fact]
    public void PerRequest_PrefixBelowProviderMinimum_IsNeverCached()
    {
        // 499 + 500 = 999 tokens of prefix, one short of the 1000-token minimum
        var e = CostModel.Compute(Hand(hitRate: 0.9, systemTokens: 499), TestData.HandCatalog);

        Assert.Equal(0, e.Options[0].PerRequest.CachedTokens);
        Assert.Equal(e.Options[0].CostPerRequestWithoutCachingUsd, e.Options[0].CostPerRequestUsd, 12);
    }

    [Fact]
    public void Totals_AndBreakEven_MatchHandComputation()
    {
        // Upfront FT = engineering 10,000 + labeling 0 + training 1000×500×2 tokens × $4/M = 10,004.
        // Saving per request 0.018 − 0.0014 = 0.0166; over 12 flat months break-even volume = 10,004 / (12 × 0.0166).
        var e = CostModel.Compute(Hand(), TestData.HandCatalog);

        Assert.Equal(10_004, e.Options[1].UpfrontUsd, 6);
        Assert.Equal(12 * 100_000 * 0.018, e.Options[0].TotalUsd, 6);
        Assert.Equal(10_004 + (12 * 100_000 * 0.0014), e.Options[1].TotalUsd, 6);
        Assert.Equal(10_004 / (12 * 0.0166), e.BreakEvenRequestsPerMonth!.Value, 3);
        // Month m: 1800m vs 10004 + 140m → first m with 1660m ≥ 10004 is 7.
        Assert.Equal(7, e.BreakEvenMonth);
    }

    [Fact]
    public void LeadTime_ServesTrafficByPromptUntilTheTunedModelIsLive_AndPricesTheWait()
    {
        // Fine-tune lead 1.5 months: month 1 is all prompt (100,000 × 0.018 = 1,800), month 2 half prompt half tuned
        // (900 + 70 = 970), months 3–12 tuned (10 × 140 = 1,400). Waiting 1.5 months at $1,000/month of value costs 1,500.
        var profile = Hand() with
        {
            LeadTimeMonths = new LeadTimes { Prompt = 0, FineTune = 1.5 },
            Decision = new DecisionSettings { ValuePerMonthUsd = 1000 },
        };

        var e = CostModel.Compute(profile, TestData.HandCatalog);

        var tuned = e.OptionCosts.Single(o => o.Kind == OptionKind.FineTune);
        Assert.Equal(1500, tuned.DelayUsd, 9);
        Assert.Equal(1800, tuned.MonthlyUsd[0], 9);
        Assert.Equal(970, tuned.MonthlyUsd[1], 9);
        Assert.Equal(10_004 + 1500 + 1800 + 970 + 1400, tuned.TotalUsd, 6);
        Assert.Equal(tuned.TotalUsd, e.Options[1].TotalUsd, 9);
        // Prompt by month m: 1,800m; fine-tune: 11,504 + 1,800 + 970 + 140(m − 2) → first m with 1,660m ≥ 14,004 is 9.
        Assert.Equal(9, e.BreakEvenMonth);
    }

    [Fact]
    public void Cascade_CostsTheCheapTierPlusTheEscalatedShareOfTheStrongModelPlusTheGate()
    {
        // Cheap tier "small" prompted with the same 1,500-token prompt and 100 output tokens: 1,500 × $1/M + 100 × $2/M = 0.0017.
        // 30 % escalate to "big" at 0.018 each = 0.0054; the gate adds 0.0001 → 0.0072 per request.
        // Upfront: prompt engineering 0 + router 2,000. Over 12 flat months of 100,000: 2,000 + 1,200,000 × 0.0072 = 10,640.
        var profile = Hand() with { Cascade = new CascadeSettings { StrongShare = 0.3, CheapModel = "small", GateUsdPerRequest = 0.0001, EngineeringUsd = 2000 } };

        var cascade = CostModel.Compute(profile, TestData.HandCatalog).OptionCosts.Single(o => o.Kind == OptionKind.Cascade);

        Assert.Equal(0.0072, cascade.CostPerRequestUsd, 12);
        Assert.Equal(2000, cascade.UpfrontUsd, 9);
        Assert.Equal(10_640, cascade.TotalUsd, 6);
    }

    [Fact]
    public void Cascade_IsNotPricedWithoutAShareNeedingTheStrongModel()
    {
        Assert.DoesNotContain(CostModel.Compute(Hand(), TestData.HandCatalog).OptionCosts, o => o.Kind == OptionKind.Cascade);
    }

    [Fact]
    public void Distillation_PaysTheTeachersCallsAndChecksThenTrainsAndServesTheStudent()
    {
        // 500 examples labeled by "big" at 0.018 each, a tenth checked by people at $1: 500 × (0.018 + 0.1) = 59.
        // Training on 500 × 500 tokens × 2 epochs at $4/M = 2. Upfront 10,000 + 59 + 2 = 10,061.
        // Serving the student like the fine-tune: 1,200,000 × 0.0014 = 1,680 → 11,741.
        var profile = Hand() with { Distillation = new DistillationSettings { Examples = 500, CheckShare = 0.1 } };

        var distilled = CostModel.Compute(profile, TestData.HandCatalog).OptionCosts.Single(o => o.Kind == OptionKind.Distillation);

        Assert.Equal(10_061, distilled.UpfrontUsd, 6);
        Assert.Equal(11_741, distilled.TotalUsd, 6);
    }

    [Fact]
    public void Distillation_LabeledByPeople_PaysOnlyTheShortfall()
    {
        // 1,500 examples wanted, 1,000 on hand: 500 × $1 of labels; training 1,500 × 500 × 2 × $4/M = 6.
        var profile = Hand() with { Distillation = new DistillationSettings { Examples = 1500, Labeler = Labeler.People } };

        var distilled = CostModel.Compute(profile, TestData.HandCatalog).OptionCosts.Single(o => o.Kind == OptionKind.Distillation);

        Assert.Equal(10_000 + 500 + 6, distilled.UpfrontUsd, 6);
    }

    [Fact]
    public void FineTune_RetrainsAsOftenAsTheBehaviourChanges_WhileFineTunePlusPromptKeepsTheProfilesCadence()
    {
        // Weekly behaviour changes imply 52 runs a year: 52 / 12 × (run 4 + retrain work 100) a month on the fine-tune;
        // fine-tune + prompt carries the instructions per request and retrains at the profile's 0 a year.
        var profile = Hand() with { BehaviorChanges = ChangeFrequency.Weekly, FineTuned = Hand().FineTuned with { RetrainUsd = 100 } };

        var costs = CostModel.Compute(profile, TestData.HandCatalog).OptionCosts;

        Assert.Equal(52.0 / 12 * 104, costs.Single(o => o.Kind == OptionKind.FineTune).FixedMonthlyUsd, 9);
        Assert.Equal(0, costs.Single(o => o.Kind == OptionKind.FineTunePlusPrompt).FixedMonthlyUsd, 9);
    }

    [Fact]
    public void Growth_CompoundsMonthlyVolume()
    {
        var profile = Hand() with { Traffic = new Traffic { RequestsPerMonth = 1000, MonthlyGrowth = 0.1, HorizonMonths = 3 } };

        var e = CostModel.Compute(profile, TestData.HandCatalog);

        Assert.Equal([1000, 1100, 1210], e.RequestsPerMonth.Select(v => Math.Round(v, 6)));
        Assert.Equal(3310 * 0.018, e.Options[0].TotalUsd, 9);
    }

    [Fact]
    public void BreakEven_NeverWhenTunedCallIsNotCheaper()
    {
        var profile = Hand() with { Prompted = Hand().Prompted with { Model = "small", SystemPromptTokens = 0, FewShotCount = 0 } };

        var e = CostModel.Compute(profile, TestData.HandCatalog);

        Assert.Null(e.BreakEvenRequestsPerMonth);
        Assert.Null(e.BreakEvenMonth);
        Assert.StartsWith("never", e.BreakEvenNote, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfHosted_AlwaysOnReplicasSetAFloorAndLoadAddsGpuHours()
    {
        var selfHosted = Hand() with
        {
            FineTuned = Hand().FineTuned with { Hosting = Hosting.SelfHosted, Gpu = "gpu", RequestsPerGpuHour = 100, MinReplicas = 1, ParametersBillions = 1 },
        };

        var light = CostModel.Compute(selfHosted with { Traffic = new Traffic { RequestsPerMonth = 1000, HorizonMonths = 1 } }, TestData.HandCatalog);
        var heavy = CostModel.Compute(selfHosted with { Traffic = new Traffic { RequestsPerMonth = 146_000, HorizonMonths = 1 } }, TestData.HandCatalog);

        // One replica always on: 730 h × $2. 146,000 requests need 1,460 GPU-hours × $2.
        Assert.Equal(730 * 2, light.Options[1].MonthlyUsd[0], 6);
        Assert.Equal(1460 * 2, heavy.Options[1].MonthlyUsd[0], 6);
    }

    [Fact]
    public void ComputeView_UsesTwoNForInferenceAndSixNForTraining()
    {
        // small: 8B parameters. Training tokens 1000 × 500 × 2 = 1e6 → 6 × 8e9 × 1e6 = 4.8e16 FLOPs.
        var profile = Hand() with { FineTuned = Hand().FineTuned with { Gpu = "gpu", TrainingUtilization = 0.5 } };

        var compute = CostModel.Compute(profile, TestData.HandCatalog).Compute!;

        Assert.Equal(16e9, compute.InferenceFlopsPerToken);
        Assert.Equal(48e9, compute.TrainingFlopsPerToken);
        Assert.Equal(4.8e16, compute.TrainingFlops, 0);
        // 4.8e16 / (1000e12 × 0.5 × 3600) GPU-hours
        Assert.Equal(4.8e16 / 1.8e18, compute.TrainingGpuHours!.Value, 12);
        // 100,000 requests × (0 + 500 + 100) tokens × 16e9
        Assert.Equal(100_000 * 600 * 16e9, compute.InferenceFlopsPerMonth, 0);
    }

    [Fact]
    public void ComputeView_BothSides_PerRequestAndTheRequestsAtWhichTrainingPaysBackInFlops()
    {
        // Prompted 70B: (500 + 5×100 + 500 + 100) tokens × 2 × 70e9 = 2.24e14 FLOPs a request.
        // Tuned 8B: (0 + 500 + 100) × 16e9 = 9.6e12. One training run 4.8e16 → 4.8e16 / (2.24e14 − 9.6e12) ≈ 223.9 requests.
        var profile = Hand() with { Prompted = Hand().Prompted with { ParametersBillions = 70 } };

        var compute = CostModel.Compute(profile, TestData.HandCatalog).Compute!;

        Assert.Equal(70, compute.PromptedParametersBillions);
        Assert.Equal(2.24e14, compute.PromptedFlopsPerRequest!.Value, 0);
        Assert.Equal(9.6e12, compute.TunedFlopsPerRequest, 0);
        Assert.Equal(100_000 * 2.24e14, compute.PromptedInferenceFlopsPerMonth!.Value, 0);
        Assert.Equal(4.8e16 / (2.24e14 - 9.6e12), compute.ComputeBreakEvenRequests!.Value, 6);
    }

    [Fact]
    public void ComputeView_PromptedSizeUnknown_LeavesThePromptedSideOut()
    {
        var compute = CostModel.Compute(Hand(), TestData.HandCatalog).Compute!;

        Assert.Null(compute.PromptedFlopsPerRequest);
        Assert.Null(compute.ComputeBreakEvenRequests);
    }

    [Fact]
    public void ComputeView_EncoderDecoderHalvesFlopsPerToken()
    {
        var profile = Hand() with { FineTuned = Hand().FineTuned with { Architecture = Architecture.EncoderDecoder } };

        var compute = CostModel.Compute(profile, TestData.HandCatalog).Compute!;

        Assert.Equal(8e9, compute.InferenceFlopsPerToken);
        Assert.Equal(24e9, compute.TrainingFlopsPerToken);
    }

    [Fact]
    public void UnknownModel_IsAnInputErrorNamingTheField()
    {
        var profile = Hand() with { Prompted = Hand().Prompted with { Model = "nope" } };

        var error = Assert.Throws<InputException>(() => CostModel.Compute(profile, TestData.HandCatalog));

        Assert.Equal("prompted.model", error.Field);
    }

    [Fact]
    public void ManagedBaseWithoutFineTuningPrices_IsAnInputError()
    {
        var profile = Hand() with { FineTuned = Hand().FineTuned with { BaseModel = "big" } };

        var error = Assert.Throws<InputException>(() => CostModel.Compute(profile, TestData.HandCatalog));

        Assert.Equal("fineTuned.baseModel", error.Field);
    }
}
