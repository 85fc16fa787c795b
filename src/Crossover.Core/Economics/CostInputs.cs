using Crossover.Core.Catalog;
using Crossover.Core.Profiles;

namespace Crossover.Core.Economics;

/// <summary>
/// Every number the cost model reads, resolved from a profile (likely values) and the catalog. A flat value
/// type so the Monte Carlo can evaluate many draws without touching the catalog again.
/// </summary>
internal readonly record struct CostInputs
{
    public const double HoursPerMonth = 730;

    public double RequestsPerMonth { get; init; }
    public double MonthlyGrowth { get; init; }
    public int HorizonMonths { get; init; }
    public double EvaluationUsdPerMonth { get; init; }

    public Tokens Prompted { get; init; }
    public ModelPrice PromptedRates { get; init; }
    public double PromptedEngineeringUsd { get; init; }
    public double PromptedMaintenanceUsdPerMonth { get; init; }

    public Tokens FineTuned { get; init; }
    public ModelPrice FineTunedRates { get; init; }
    public bool SelfHosted { get; init; }
    public double GpuHourlyUsd { get; init; }
    public double RequestsPerGpuHour { get; init; }
    public int MinReplicas { get; init; }

    /// <summary>The dedicated endpoint a managed fine-tune is billed on by the replica-hour; null when served per token or self-hosted.</summary>
    public DedicatedEndpoint? Endpoint { get; init; }
    public double TrainingRunUsd { get; init; }
    public double LabelingUsd { get; init; }
    public double FineTunedEngineeringUsd { get; init; }
    public double FineTunedMaintenanceUsdPerMonth { get; init; }
    public double RetrainsPerYear { get; init; }

    /// <summary>Retrains a year a tuned model alone needs: the profile's, or more when the behaviour changes more often.</summary>
    public double ImpliedRetrainsPerYear { get; init; }
    public double RetrainUsd { get; init; }

    /// <summary>The tuned model called with the prompted deployment's instructions per request (fine-tune + prompt).</summary>
    public Tokens FineTunedWithInstructions { get; init; }

    public double LeadPrompt { get; init; }
    public double LeadFineTune { get; init; }
    public double LeadFineTunePlusPrompt { get; init; }
    public double LeadCascade { get; init; }
    public double LeadDistillation { get; init; }
    public double ValuePerMonthUsd { get; init; }

    /// <summary>Whether a cascade can be priced (a share needing the strong model, or a measured cascade).</summary>
    public bool HasCascade { get; init; }
    public double StrongShare { get; init; }
    public bool CascadeTunedTier { get; init; }
    public ModelPrice? CheapRates { get; init; }
    public double GateUsdPerRequest { get; init; }
    public double CascadeEngineeringUsd { get; init; }

    /// <summary>A measured cascade's cost per request; NaN when none was measured.</summary>
    public double MeasuredCascadePerRequestUsd { get; init; }

    public double DistillExamples { get; init; }
    public bool DistillByPeople { get; init; }
    public double DistillCheckShare { get; init; }
    public double CostPerLabelUsd { get; init; }
    public double LabeledExamples { get; init; }
    public double TrainingRunUsdPerExample { get; init; }

    /// <summary>Forced moves off the prompted model within the horizon, in month order (docs/economics.md, "Model lifetimes").</summary>
    public IReadOnlyList<Migration>? PromptedMigrations { get; init; }

    /// <summary>Forced re-tunes of a managed fine-tune within the horizon, in month order; none when self-hosted or ruled out.</summary>
    public IReadOnlyList<Migration>? TunedMigrations { get; init; }

    /// <summary>Tokens of one request and how its prefix caches.</summary>
    internal readonly record struct Tokens(double Instructions, double Examples, double Input, double Output, double CacheableShare, double CacheHitRate, bool OneHourCache = false);


    /// <summary>Resolves a profile's likely values against prices.</summary>
    public static CostInputs From(UseCaseProfile profile, ResolvedPrices prices)
    {
        var p = profile.Prompted;
        var f = profile.FineTuned;
        var trainingTokens = f.TrainingExamples.Likely * f.TokensPerExample.Likely * f.Epochs.Likely;
        var gpuHourly = f.GpuHourlyUsd?.Likely ?? prices.GpuHourlyUsd;
        var trainingRun = f.Hosting == Hosting.Managed
            ? prices.Training?.TrainingUsd(trainingTokens) ?? 0
            : TrainingGpuHours(trainingTokens, prices.FineTunedParametersBillions, f.Architecture, prices.GpuPeakTflops, f.TrainingUtilization.Likely) * gpuHourly;
        return new CostInputs
        {
            RequestsPerMonth = profile.Traffic.RequestsPerMonth.Likely,
            MonthlyGrowth = profile.Traffic.MonthlyGrowth.Likely,
            HorizonMonths = profile.Traffic.HorizonMonths,
            EvaluationUsdPerMonth = profile.EvaluationUsdPerMonth.Likely,
            Prompted = new Tokens(
                p.SystemPromptTokens.Likely, p.FewShotCount.Likely * p.TokensPerExample.Likely, p.InputTokens.Likely, p.OutputTokens.Likely,
                p.CacheablePrefixShare.Likely, p.CacheHitRate.Likely, p.CacheTtl == CacheTtl.OneHour),
            PromptedRates = prices.Prompted,
            PromptedMigrations = prices.PromptedPlan is { IsRuledOut: false } promptedPlan ? promptedPlan.Migrations : [],
            TunedMigrations = prices.TunedPlan is { IsRuledOut: false } tunedPlan ? tunedPlan.Migrations : [],
            PromptedEngineeringUsd = p.EngineeringUsd.Likely,
            PromptedMaintenanceUsdPerMonth = p.MaintenanceUsdPerMonth.Likely,
            FineTuned = new Tokens(
                f.SystemPromptTokens.Likely, 0, (f.InputTokens ?? p.InputTokens).Likely, (f.OutputTokens ?? p.OutputTokens).Likely,
                p.CacheablePrefixShare.Likely, p.CacheHitRate.Likely, p.CacheTtl == CacheTtl.OneHour),
            FineTunedRates = prices.FineTuned,
            SelfHosted = f.Hosting == Hosting.SelfHosted,
            GpuHourlyUsd = gpuHourly,
            RequestsPerGpuHour = f.RequestsPerGpuHour.Likely,
            MinReplicas = f.MinReplicas,
            Endpoint = prices.Endpoint,
            TrainingRunUsd = trainingRun,
            LabelingUsd = Math.Max(0, f.TrainingExamples.Likely - profile.Data.LabeledExamples.Likely) * profile.Data.CostPerLabelUsd.Likely,
            FineTunedEngineeringUsd = f.EngineeringUsd.Likely,
            FineTunedMaintenanceUsdPerMonth = f.MaintenanceUsdPerMonth.Likely,
            RetrainsPerYear = f.RetrainsPerYear.Likely,
            ImpliedRetrainsPerYear = Math.Max(f.RetrainsPerYear.Likely, RetrainsImpliedBy(profile.BehaviorChanges)),
            RetrainUsd = f.RetrainUsd.Likely,
            FineTunedWithInstructions = new Tokens(
                p.SystemPromptTokens.Likely, 0, (f.InputTokens ?? p.InputTokens).Likely, (f.OutputTokens ?? p.OutputTokens).Likely,
                p.CacheablePrefixShare.Likely, p.CacheHitRate.Likely, p.CacheTtl == CacheTtl.OneHour),
            LeadPrompt = profile.LeadTimeMonths.Prompt.Likely,
            LeadFineTune = profile.LeadTimeMonths.FineTune.Likely,
            LeadFineTunePlusPrompt = profile.LeadTimeMonths.FineTunePlusPrompt.Likely,
            LeadCascade = profile.LeadTimeMonths.Cascade.Likely,
            LeadDistillation = profile.LeadTimeMonths.Distillation.Likely,
            ValuePerMonthUsd = profile.Decision.ValuePerMonthUsd.Likely,
            HasCascade = (profile.Cascade.StrongShare is not null || profile.Cascade.MeasuredCostPerRequestUsd is not null)
                && (profile.Cascade.CheapTier == CascadeTier.FineTuned || prices.Cheap is not null || profile.Cascade.MeasuredCostPerRequestUsd is not null),
            StrongShare = profile.Cascade.StrongShare?.Likely ?? 0,
            CascadeTunedTier = profile.Cascade.CheapTier == CascadeTier.FineTuned,
            CheapRates = prices.Cheap,
            GateUsdPerRequest = profile.Cascade.GateUsdPerRequest.Likely,
            CascadeEngineeringUsd = profile.Cascade.EngineeringUsd.Likely,
            MeasuredCascadePerRequestUsd = profile.Cascade.MeasuredCostPerRequestUsd ?? double.NaN,
            DistillExamples = DistillationExamples(profile),
            DistillByPeople = profile.Distillation.Labeler == Labeler.People,
            DistillCheckShare = profile.Distillation.CheckShare.Likely,
            CostPerLabelUsd = profile.Data.CostPerLabelUsd.Likely,
            LabeledExamples = profile.Data.LabeledExamples.Likely,
            TrainingRunUsdPerExample = f.TrainingExamples.Likely > 0 ? trainingRun / f.TrainingExamples.Likely : 0,
        };
    }

    /// <summary>Retraining runs a year that keep a tuned model in step with behaviour changing this often (seed 003: stable behaviour favours tuning).</summary>
    public static double RetrainsImpliedBy(ChangeFrequency behaviour) => behaviour switch
    {
        ChangeFrequency.Daily => 365,
        ChangeFrequency.Weekly => 52,
        ChangeFrequency.Monthly => 12,
        ChangeFrequency.Quarterly => 4,
        _ => 0,
    };

    /// <summary>Examples a distilled student is trained on: the profile's, else a learning curve's size, else the task's robust size.</summary>
    public static double DistillationExamples(UseCaseProfile profile) =>
        profile.Distillation.Examples?.Likely ?? profile.Data.ExamplesNeeded ?? RobustExamples(profile.Task);

    /// <summary>Labeled examples for robust results: a few hundred for classification and extraction, thousands for generation (seed 003, 002).</summary>
    public static double RobustExamples(TaskKind task) => task is TaskKind.Classification or TaskKind.Extraction ? 300 : 2000;

    /// <summary>GPU-hours of one training run: 6N (decoder-only) or 3N (encoder-decoder) FLOPs per token at a utilization of peak.</summary>
    public static double TrainingGpuHours(double trainingTokens, double parametersBillions, Architecture architecture, double peakTflops, double utilization) =>
        trainingTokens * FlopsPerTrainingToken(parametersBillions, architecture) / (peakTflops * 1e12 * utilization * 3600);

    /// <summary>Training FLOPs per token: 6N decoder-only, 3N encoder-decoder (Kaplan et al. 2020, arXiv:2001.08361).</summary>
    public static double FlopsPerTrainingToken(double parametersBillions, Architecture architecture) =>
        (architecture == Architecture.DecoderOnly ? 6 : 3) * parametersBillions * 1e9;

    /// <summary>Inference FLOPs per token: 2N decoder-only, N encoder-decoder.</summary>
    public static double FlopsPerInferenceToken(double parametersBillions, Architecture architecture) =>
        (architecture == Architecture.DecoderOnly ? 2 : 1) * parametersBillions * 1e9;
}

/// <summary>The prices a profile needs, looked up once.</summary>
internal sealed record ResolvedPrices(
    ModelPrice Prompted,
    ModelPrice FineTuned,
    ModelPrice? Cheap,
    FineTuningPrice? Training,
    double GpuHourlyUsd,
    double GpuPeakTflops,
    double FineTunedParametersBillions,
    double? PromptedParametersBillions,
    string? GpuId,
    IReadOnlyList<PriceUsed> Used)
{
    private const string NotInCatalog = "use an id from 'crossover catalog list', or add its prices under 'prices:' in the profile";

    /// <summary>The prompted model's lifetime over the horizon (null before lifetimes are planned).</summary>
    public LifetimePlan? PromptedPlan { get; init; }

    /// <summary>The managed fine-tune's lifetime over the horizon (null when self-hosted: open weights do not expire).</summary>
    public LifetimePlan? TunedPlan { get; init; }

    /// <summary>The hourly dedicated endpoint a managed fine-tune is served on, where its host bills that way instead of per token.</summary>
    public DedicatedEndpoint? Endpoint { get; init; }

    public static ResolvedPrices Resolve(UseCaseProfile profile, PriceCatalog catalog, DateOnly? decisionDate = null)
    {
        if (profile.PriceOverrides is { } inline)
        {
            catalog = catalog.OverriddenBy(inline);
        }

        var used = new List<PriceUsed>();

        // A re-tune is one more training run plus the profile's people cost of a retrain; a prompt port redoes the prompt work.
        var effort = new MigrationEffort(
            profile.FineTuned.TrainingExamples.Likely * profile.FineTuned.TokensPerExample.Likely * profile.FineTuned.Epochs.Likely,
            profile.FineTuned.RetrainUsd.Likely,
            profile.Prompted.EngineeringUsd.Likely);
        var date = decisionDate ?? catalog.Date;
        LifetimePlan Lifetime(string modelId, bool tuned) => ModelLifetimes.Plan(catalog, modelId, tuned, date, profile.Traffic.HorizonMonths, effort);
        var source = profile.Source ?? new ProfileSource("profile", new Dictionary<string, int>());
        var prompted = catalog.FindModel(profile.Prompted.Model)
            ?? throw source.Error("prompted.model", $"model '{profile.Prompted.Model}' is not in the price catalog", hint: catalog.ModelHint(profile.Prompted.Model, NotInCatalog));
        used.Add(new PriceUsed($"{prompted.Id} input", prompted.Input, "USD / 1M tokens", prompted.Source));
        if (prompted.CachedInput is { } cached)
        {
            used.Add(new PriceUsed($"{prompted.Id} cached input", cached, "USD / 1M tokens", prompted.Source));
        }

        if (prompted.CacheWrite is { } write)
        {
            used.Add(new PriceUsed($"{prompted.Id} cache write", write, "USD / 1M tokens", prompted.Source));
        }

        used.Add(new PriceUsed($"{prompted.Id} output", prompted.Output, "USD / 1M tokens", prompted.Source));

        var f = profile.FineTuned;
        var baseModel = catalog.FindModel(f.BaseModel);
        var parameters = f.ParametersBillions ?? baseModel?.ParametersBillions ?? 0;
        var cheap = catalog.FindModel(profile.Cascade.CheapModel ?? f.BaseModel);
        if (profile.Cascade.CheapModel is { } named && cheap is null)
        {
            throw source.Error("cascade.cheapModel", $"model '{named}' is not in the price catalog", hint: catalog.ModelHint(named, "use an id from 'crossover catalog list'"));
        }

        if (f.Hosting == Hosting.Managed)
        {
            if (baseModel is null)
            {
                throw source.Error("fineTuned.baseModel", $"model '{f.BaseModel}' is not in the price catalog", hint: catalog.ModelHint(f.BaseModel, NotInCatalog));
            }

            var ft = baseModel.FineTuning
                ?? throw source.Error("fineTuned.baseModel", $"the catalog has no fine-tuning prices for '{baseModel.Id}'", hint: "choose a model that offers fine-tuning, set hosting: self-hosted, or add fineTuning prices under 'prices:'");
            used.Add(new PriceUsed($"{baseModel.Id} fine-tuning training", ft.Training, "USD / 1M tokens", ft.Source));
            if (ft.Endpoint is { } endpoint)
            {
                used.Add(new PriceUsed($"{baseModel.Id} fine-tuned dedicated endpoint ({endpoint.Hardware})", endpoint.Hourly, "USD / replica-hour", endpoint.Source));
            }
            else
            {
                used.Add(new PriceUsed($"{baseModel.Id} fine-tuned input", ft.Input, "USD / 1M tokens", ft.Source));
                used.Add(new PriceUsed($"{baseModel.Id} fine-tuned output", ft.Output, "USD / 1M tokens", ft.Source));
            }

            var gpu = f.Gpu is null ? null : catalog.FindGpu(f.Gpu);
            return new ResolvedPrices(
                prompted,
                ft.Serving(baseModel),
                cheap,
                ft, gpu?.Hourly ?? 0, gpu?.PeakTflops ?? 0, parameters, profile.Prompted.ParametersBillions ?? prompted.ParametersBillions, gpu?.Id, used)
            {
                PromptedPlan = Lifetime(prompted.Id, tuned: false),
                TunedPlan = Lifetime(baseModel.Id, tuned: true),
                Endpoint = ft.Endpoint,
            };
        }

        var gpuEntry = f.Gpu is null ? null : catalog.FindGpu(f.Gpu)
            ?? throw source.Error("fineTuned.gpu", $"GPU '{f.Gpu}' is not in the price catalog", hint: catalog.GpuHint(f.Gpu, "use a GPU id from 'crossover catalog list'"));
        var hourly = f.GpuHourlyUsd?.Likely ?? gpuEntry?.Hourly
            ?? throw source.Error("fineTuned.gpu", "self-hosting needs a GPU price", hint: "set fineTuned.gpu to a catalog GPU id or fineTuned.gpuHourlyUsd");
        if (parameters <= 0)
        {
            throw source.Error("fineTuned.parametersBillions", "self-hosted training cost needs the model size", hint: "e.g. parametersBillions: 8");
        }

        var peak = gpuEntry?.PeakTflops ?? 0;
        if (peak <= 0)
        {
            throw source.Error("fineTuned.gpu", "self-hosted training cost needs the GPU's peak TFLOP/s", hint: "set fineTuned.gpu to a catalog GPU id (it carries the peak)");
        }

        used.Add(new PriceUsed($"{gpuEntry?.Id ?? "GPU"} hourly", hourly, "USD / GPU-hour", f.GpuHourlyUsd is null ? gpuEntry!.Source : "profile"));
        // Self-hosted serving is paid in GPU-hours, not tokens.
        var unpriced = prompted with { Input = 0, CachedInput = null, CacheWrite = null, CacheWriteOneHour = null, LongContext = null, Output = 0, MinCacheableTokens = int.MaxValue, FineTuning = null, Source = "self-hosted" };
        return new ResolvedPrices(prompted, unpriced, cheap, null, hourly, peak, parameters, profile.Prompted.ParametersBillions ?? prompted.ParametersBillions, gpuEntry?.Id, used)
        {
            PromptedPlan = Lifetime(prompted.Id, tuned: false),
        };
    }
}
