using Crossover.Core.Decisions;
using Crossover.Core.Profiles;

namespace Crossover.Core.Economics;

/// <summary>
/// The economics engine: per-request cost with prompt caching, one-off and running costs, monthly and cumulative
/// totals with growth, and break-even. Pure functions; every formula is written out in docs/economics.md.
/// </summary>
public static class CostModel
{
    /// <summary>Computes the economics of a profile.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="catalog">The price catalog.</param>
    /// <returns>Both approaches' costs, break-even and the compute view.</returns>
    /// <exception cref="Input.InputException">A model or GPU is missing from the catalog, or a needed figure is absent.</exception>
    public static EconomicsResult Compute(UseCaseProfile profile, Catalog.PriceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(catalog);
        var prices = ResolvedPrices.Resolve(profile, catalog);
        return Compute(profile, CostInputs.From(profile, prices), prices);
    }

    internal static EconomicsResult Compute(UseCaseProfile profile, CostInputs inputs, ResolvedPrices prices)
    {
        var volumes = Volumes(inputs);
        var prompt = Option(Approach.PromptEngineering, profile.Prompted.Model, inputs, volumes);
        var tuned = Option(Approach.FineTuning, profile.FineTuned.BaseModel, inputs, volumes);
        var (breakEvenVolume, note) = BreakEvenVolume(inputs);
        int? breakEvenMonth = null;
        for (var m = 0; m < volumes.Length; m++)
        {
            if (tuned.CumulativeUsd[m] <= prompt.CumulativeUsd[m])
            {
                breakEvenMonth = m + 1;
                break;
            }
        }

        return new EconomicsResult(inputs.HorizonMonths, volumes, [prompt, tuned], breakEvenVolume, breakEvenMonth, note, ComputeView(profile, inputs, prices), prices.Used);
    }

    /// <summary>Horizon totals only (prompt, fine-tuned), for sweeps and Monte Carlo.</summary>
    internal static (double Prompt, double FineTuned) Totals(in CostInputs inputs)
    {
        var prompt = inputs.PromptedEngineeringUsd;
        var tuned = FineTunedUpfront(inputs);
        var promptPerRequest = PromptRequest(inputs.Prompted, inputs.PromptedRates, caching: true).TotalUsd;
        var tunedPerRequest = PromptRequest(inputs.FineTuned, inputs.FineTunedRates, caching: true).TotalUsd;
        var volume = inputs.RequestsPerMonth;
        for (var m = 0; m < inputs.HorizonMonths; m++)
        {
            prompt += PromptFixedMonthly(inputs) + (promptPerRequest * volume);
            tuned += FineTunedFixedMonthly(inputs) + FineTunedVariable(inputs, tunedPerRequest, volume);
            volume *= 1 + inputs.MonthlyGrowth;
        }

        return (prompt, tuned);
    }

    /// <summary>One request's cost: the cacheable prefix (instructions + examples × share) is cached only when it reaches the provider's minimum.</summary>
    internal static RequestCost PromptRequest(CostInputs.Tokens tokens, CostInputs.Rates rates, bool caching)
    {
        var prompt = tokens.Instructions + tokens.Examples + tokens.Input;
        var prefix = (tokens.Instructions + tokens.Examples) * tokens.CacheableShare;
        var cached = caching && rates.CachedInput is not null && prefix >= rates.MinCacheableTokens && tokens.CacheHitRate > 0 ? prefix : 0;
        var readRate = rates.CachedInput ?? rates.Input;
        var writeRate = rates.CacheWrite ?? rates.Input;
        var cacheUsd = cached * ((tokens.CacheHitRate * readRate) + ((1 - tokens.CacheHitRate) * writeRate)) / 1e6;
        return new RequestCost(
            tokens.Instructions, tokens.Examples, tokens.Input, tokens.Output, cached,
            UncachedInputUsd: (prompt - cached) * rates.Input / 1e6,
            CacheUsd: cacheUsd,
            OutputUsd: tokens.Output * rates.Output / 1e6,
            ServingUsd: 0);
    }

    private static double[] Volumes(in CostInputs inputs)
    {
        var volumes = new double[inputs.HorizonMonths];
        var volume = inputs.RequestsPerMonth;
        for (var m = 0; m < volumes.Length; m++)
        {
            volumes[m] = volume;
            volume *= 1 + inputs.MonthlyGrowth;
        }

        return volumes;
    }

    private static CostOption Option(Approach approach, string model, in CostInputs inputs, double[] volumes)
    {
        var promptSide = approach == Approach.PromptEngineering;
        var tokens = promptSide ? inputs.Prompted : inputs.FineTuned;
        var rates = promptSide ? inputs.PromptedRates : inputs.FineTunedRates;
        var request = PromptRequest(tokens, rates, caching: true);
        var uncached = PromptRequest(tokens, rates, caching: false).TotalUsd;
        var upfront = promptSide ? inputs.PromptedEngineeringUsd : FineTunedUpfront(inputs);
        var fixedMonthly = promptSide ? PromptFixedMonthly(inputs) : FineTunedFixedMonthly(inputs);
        var monthly = new double[volumes.Length];
        var cumulative = new double[volumes.Length];
        var running = upfront;
        for (var m = 0; m < volumes.Length; m++)
        {
            var variable = promptSide ? request.TotalUsd * volumes[m] : FineTunedVariable(inputs, request.TotalUsd, volumes[m]);
            monthly[m] = fixedMonthly + variable;
            running += monthly[m];
            cumulative[m] = running;
        }

        if (!promptSide && inputs.SelfHosted && volumes.Length > 0)
        {
            var serving = volumes[0] > 0 ? FineTunedVariable(inputs, 0, volumes[0]) / volumes[0] : 0;
            request = request with { ServingUsd = serving };
            uncached += serving;
        }

        return new CostOption(approach, model, request.TotalUsd, uncached, request, upfront, fixedMonthly, monthly, cumulative, running);
    }

    private static double FineTunedUpfront(in CostInputs inputs) =>
        inputs.FineTunedEngineeringUsd + inputs.LabelingUsd + inputs.TrainingRunUsd;

    private static double PromptFixedMonthly(in CostInputs inputs) =>
        inputs.PromptedMaintenanceUsdPerMonth + inputs.EvaluationUsdPerMonth;

    private static double FineTunedFixedMonthly(in CostInputs inputs) =>
        inputs.FineTunedMaintenanceUsdPerMonth + inputs.EvaluationUsdPerMonth + (inputs.RetrainsPerYear / 12 * inputs.TrainingRunUsd);

    /// <summary>Volume-driven cost: per-token pricing, or GPU-hours for the load with always-on replicas as a floor.</summary>
    private static double FineTunedVariable(in CostInputs inputs, double perRequestUsd, double volume)
    {
        if (!inputs.SelfHosted)
        {
            return perRequestUsd * volume;
        }

        var gpuHours = Math.Max(inputs.MinReplicas * CostInputs.HoursPerMonth, volume / inputs.RequestsPerGpuHour);
        return gpuHours * inputs.GpuHourlyUsd;
    }

    /// <summary>The steady monthly volume at which both approaches cost the same over the horizon, by bisection
    /// (self-hosted serving is piecewise linear in volume, so there is no single closed form).</summary>
    private static (double? Volume, string Note) BreakEvenVolume(CostInputs inputs)
    {
        double Saving(double volume)
        {
            var flat = inputs with { RequestsPerMonth = volume, MonthlyGrowth = 0 };
            var (prompt, tuned) = Totals(flat);
            return prompt - tuned;
        }

        const double Ceiling = 1e13;
        if (Saving(0) >= 0)
        {
            return (0, "fine-tuning costs no more than prompting even with no traffic");
        }

        if (Saving(Ceiling) <= 0)
        {
            var prompt = PromptRequest(inputs.Prompted, inputs.PromptedRates, true).TotalUsd;
            var tuned = inputs.SelfHosted ? inputs.GpuHourlyUsd / inputs.RequestsPerGpuHour : PromptRequest(inputs.FineTuned, inputs.FineTunedRates, true).TotalUsd;
            return (null, $"never: the fine-tuned model's per-request cost (${tuned:0.######}) is not lower than prompting's (${prompt:0.######})");
        }

        double low = 0, high = Ceiling;
        for (var i = 0; i < 200 && high - low > Math.Max(1e-6, low * 1e-9); i++)
        {
            var mid = (low + high) / 2;
            if (Saving(mid) >= 0)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return (high, "steady monthly volume at which both approaches cost the same over the horizon");
    }

    private static ComputeView? ComputeView(UseCaseProfile profile, in CostInputs inputs, ResolvedPrices prices)
    {
        var n = prices.FineTunedParametersBillions;
        if (n <= 0)
        {
            return null;
        }

        var f = profile.FineTuned;
        var inferencePerToken = CostInputs.FlopsPerInferenceToken(n, f.Architecture);
        var trainingPerToken = CostInputs.FlopsPerTrainingToken(n, f.Architecture);
        var trainingTokens = f.TrainingExamples.Likely * f.TokensPerExample.Likely * f.Epochs.Likely;
        var tokensPerRequest = inputs.FineTuned.Instructions + inputs.FineTuned.Input + inputs.FineTuned.Output;
        var inferenceFlops = inputs.RequestsPerMonth * tokensPerRequest * inferencePerToken;
        var utilization = f.TrainingUtilization.Likely;
        double? trainingHours = null, inferenceHours = null;
        if (prices.GpuPeakTflops > 0)
        {
            var perHour = prices.GpuPeakTflops * 1e12 * utilization * 3600;
            trainingHours = trainingTokens * trainingPerToken / perHour;
            inferenceHours = inferenceFlops / perHour;
        }

        return new ComputeView(n, inferencePerToken, trainingPerToken, trainingTokens, trainingTokens * trainingPerToken, inferenceFlops,
            prices.GpuId, utilization, trainingHours, inferenceHours);
    }
}
