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
    public Rates PromptedRates { get; init; }
    public double PromptedEngineeringUsd { get; init; }
    public double PromptedMaintenanceUsdPerMonth { get; init; }

    public Tokens FineTuned { get; init; }
    public Rates FineTunedRates { get; init; }
    public bool SelfHosted { get; init; }
    public double GpuHourlyUsd { get; init; }
    public double RequestsPerGpuHour { get; init; }
    public int MinReplicas { get; init; }
    public double TrainingRunUsd { get; init; }
    public double LabelingUsd { get; init; }
    public double FineTunedEngineeringUsd { get; init; }
    public double FineTunedMaintenanceUsdPerMonth { get; init; }
    public double RetrainsPerYear { get; init; }

    /// <summary>Tokens of one request and how its prefix caches.</summary>
    internal readonly record struct Tokens(double Instructions, double Examples, double Input, double Output, double CacheableShare, double CacheHitRate);

    /// <summary>USD per 1M tokens.</summary>
    internal readonly record struct Rates(double Input, double? CachedInput, double? CacheWrite, double Output, int MinCacheableTokens);

    /// <summary>Resolves a profile's likely values against prices.</summary>
    public static CostInputs From(UseCaseProfile profile, ResolvedPrices prices)
    {
        var p = profile.Prompted;
        var f = profile.FineTuned;
        var trainingTokens = f.TrainingExamples.Likely * f.TokensPerExample.Likely * f.Epochs.Likely;
        var gpuHourly = f.GpuHourlyUsd?.Likely ?? prices.GpuHourlyUsd;
        var trainingRun = f.Hosting == Hosting.Managed
            ? trainingTokens / 1e6 * prices.FineTunedTrainingPer1M
            : TrainingGpuHours(trainingTokens, prices.FineTunedParametersBillions, f.Architecture, prices.GpuPeakTflops, f.TrainingUtilization.Likely) * gpuHourly;
        return new CostInputs
        {
            RequestsPerMonth = profile.Traffic.RequestsPerMonth.Likely,
            MonthlyGrowth = profile.Traffic.MonthlyGrowth.Likely,
            HorizonMonths = profile.Traffic.HorizonMonths,
            EvaluationUsdPerMonth = profile.EvaluationUsdPerMonth.Likely,
            Prompted = new Tokens(
                p.SystemPromptTokens.Likely, p.FewShotCount.Likely * p.TokensPerExample.Likely, p.InputTokens.Likely, p.OutputTokens.Likely,
                p.CacheablePrefixShare.Likely, p.CacheHitRate.Likely),
            PromptedRates = prices.Prompted,
            PromptedEngineeringUsd = p.EngineeringUsd.Likely,
            PromptedMaintenanceUsdPerMonth = p.MaintenanceUsdPerMonth.Likely,
            FineTuned = new Tokens(
                f.SystemPromptTokens.Likely, 0, (f.InputTokens ?? p.InputTokens).Likely, (f.OutputTokens ?? p.OutputTokens).Likely,
                p.CacheablePrefixShare.Likely, p.CacheHitRate.Likely),
            FineTunedRates = prices.FineTuned,
            SelfHosted = f.Hosting == Hosting.SelfHosted,
            GpuHourlyUsd = gpuHourly,
            RequestsPerGpuHour = f.RequestsPerGpuHour.Likely,
            MinReplicas = f.MinReplicas,
            TrainingRunUsd = trainingRun,
            LabelingUsd = Math.Max(0, f.TrainingExamples.Likely - profile.Data.LabeledExamples.Likely) * profile.Data.CostPerLabelUsd.Likely,
            FineTunedEngineeringUsd = f.EngineeringUsd.Likely,
            FineTunedMaintenanceUsdPerMonth = f.MaintenanceUsdPerMonth.Likely,
            RetrainsPerYear = f.RetrainsPerYear.Likely,
        };
    }

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
    CostInputs.Rates Prompted,
    CostInputs.Rates FineTuned,
    double FineTunedTrainingPer1M,
    double GpuHourlyUsd,
    double GpuPeakTflops,
    double FineTunedParametersBillions,
    string? GpuId,
    IReadOnlyList<PriceUsed> Used)
{
    public static ResolvedPrices Resolve(UseCaseProfile profile, PriceCatalog catalog)
    {
        if (profile.PriceOverrides is { } inline)
        {
            catalog = catalog.OverriddenBy(inline);
        }

        var used = new List<PriceUsed>();
        var source = profile.Source ?? new ProfileSource("profile", new Dictionary<string, int>());
        var prompted = catalog.FindModel(profile.Prompted.Model)
            ?? throw source.Error("prompted.model", $"model '{profile.Prompted.Model}' is not in the price catalog", hint: "use an id from 'crossover catalog list', or add its prices under 'prices:' in the profile");
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
        var promptedRates = new CostInputs.Rates(prompted.Input, prompted.CachedInput, prompted.CacheWrite, prompted.Output, prompted.MinCacheableTokens);

        if (f.Hosting == Hosting.Managed)
        {
            if (baseModel is null)
            {
                throw source.Error("fineTuned.baseModel", $"model '{f.BaseModel}' is not in the price catalog", hint: "use an id from 'crossover catalog list', or add its prices under 'prices:' in the profile");
            }

            var ft = baseModel.FineTuning
                ?? throw source.Error("fineTuned.baseModel", $"the catalog has no fine-tuning prices for '{baseModel.Id}'", hint: "choose a model that offers fine-tuning, set hosting: self-hosted, or add fineTuning prices under 'prices:'");
            if (ft.Endpoint is { } endpoint)
            {
                throw source.Error("fineTuned.baseModel", $"{baseModel.Provider} serves fine-tunes of '{baseModel.Id}' only on a dedicated endpoint billed ${endpoint.Hourly}/h per replica ({endpoint.Hardware}), not per token", hint: $"price it by the hour: set hosting: self-hosted, gpuHourlyUsd: {endpoint.Hourly} and requestsPerGpuHour for one replica");
            }

            used.Add(new PriceUsed($"{baseModel.Id} fine-tuning training", ft.Training, "USD / 1M tokens", ft.Source));
            used.Add(new PriceUsed($"{baseModel.Id} fine-tuned input", ft.Input, "USD / 1M tokens", ft.Source));
            used.Add(new PriceUsed($"{baseModel.Id} fine-tuned output", ft.Output, "USD / 1M tokens", ft.Source));
            var gpu = f.Gpu is null ? null : catalog.FindGpu(f.Gpu);
            return new ResolvedPrices(
                promptedRates,
                new CostInputs.Rates(ft.Input, ft.CachedInput, null, ft.Output, baseModel.MinCacheableTokens),
                ft.Training, gpu?.Hourly ?? 0, gpu?.PeakTflops ?? 0, parameters, gpu?.Id, used);
        }

        var gpuEntry = f.Gpu is null ? null : catalog.FindGpu(f.Gpu)
            ?? throw source.Error("fineTuned.gpu", $"GPU '{f.Gpu}' is not in the price catalog", hint: "use a GPU id from 'crossover catalog list'");
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
        return new ResolvedPrices(promptedRates, new CostInputs.Rates(0, null, null, 0, int.MaxValue), 0, hourly, peak, parameters, gpuEntry?.Id, used);
    }
}
