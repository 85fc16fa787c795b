using Crossover.Core.Formatting;
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
        var options = new List<OptionCost>();
        foreach (var kind in Enum.GetValues<OptionKind>())
        {
            if (kind != OptionKind.Cascade || inputs.HasCascade)
            {
                options.Add(Schedule(kind, ModelOf(kind, profile), inputs, volumes));
            }
        }

        return new EconomicsResult(
            inputs.HorizonMonths, volumes, [prompt, tuned], breakEvenVolume, BreakEvenMonth(tuned.CumulativeUsd, prompt.CumulativeUsd), note,
            ComputeView(profile, inputs, prices), prices.Used, options);
    }

    /// <summary>The first month (1-based) at whose end <paramref name="option"/>'s cumulative cost is no higher than <paramref name="baseline"/>'s.</summary>
    internal static int? BreakEvenMonth(IReadOnlyList<double> option, IReadOnlyList<double> baseline)
    {
        for (var m = 0; m < option.Count; m++)
        {
            if (option[m] <= baseline[m])
            {
                return m + 1;
            }
        }

        return null;
    }

    /// <summary>Horizon totals only (prompt, fine-tuned), for sweeps.</summary>
    internal static (double Prompt, double FineTuned) Totals(in CostInputs inputs) =>
        (Total(OptionKind.Prompt, inputs), Total(OptionKind.FineTune, inputs));

    /// <summary>One option's horizon total (no arrays).</summary>
    internal static double Total(OptionKind kind, in CostInputs inputs) => Run(kind, inputs, null, null).Total;

    /// <summary>Several options' horizon totals at once, for the Monte Carlo: the per-request costs they share are computed once.</summary>
    internal static void Totals(in CostInputs inputs, ReadOnlySpan<OptionKind> kinds, Span<double> totals)
    {
        var shared = new SharedRequests(
            PromptRequest(inputs.Prompted, inputs.PromptedRates, caching: true).TotalUsd,
            PromptRequest(inputs.FineTuned, inputs.FineTunedRates, caching: true).TotalUsd);
        for (var k = 0; k < kinds.Length; k++)
        {
            totals[k] = Run(kinds[k], inputs, null, null, shared).Total;
        }
    }

    /// <summary>The prompted and fine-tuned per-request costs every option reads.</summary>
    private readonly record struct SharedRequests(double Prompt, double Tuned);

    private static string ModelOf(OptionKind kind, UseCaseProfile profile) => kind switch
    {
        OptionKind.Prompt => profile.Prompted.Model,
        OptionKind.Cascade when profile.Cascade.CheapTier == CascadeTier.Prompted => $"{profile.Cascade.CheapModel ?? profile.FineTuned.BaseModel} → {profile.Prompted.Model}",
        OptionKind.Cascade => $"{profile.FineTuned.BaseModel} (tuned) → {profile.Prompted.Model}",
        _ => profile.FineTuned.BaseModel,
    };

    private static OptionCost Schedule(OptionKind kind, string model, in CostInputs inputs, double[] volumes)
    {
        var monthly = new double[volumes.Length];
        var cumulative = new double[volumes.Length];
        var run = Run(kind, inputs, monthly, cumulative);
        return new OptionCost(kind, model, run.PerRequest, run.Upfront, run.Fixed, run.Retrains, run.Lead, run.Delay, run.Migration, monthly, cumulative, run.Total);
    }

    private readonly record struct OptionRun(double PerRequest, double Upfront, double Fixed, double Retrains, double Lead, double Delay, double Migration, double Total);

    /// <summary>
    /// One home for every option's money (docs/economics.md, "Options"): upfront + delay, then per month the
    /// fixed costs, any migration's one-off, plus the volume cost, where the share of the month inside the option's lead time is served (and paid)
    /// at the prompted deployment's per-request cost.
    /// </summary>
    private static OptionRun Run(OptionKind kind, in CostInputs inputs, double[]? monthly, double[]? cumulative, SharedRequests? shared = null)
    {
        var promptPerRequest = shared?.Prompt ?? PromptRequest(inputs.Prompted, inputs.PromptedRates, caching: true).TotalUsd;
        var tunedPerRequest = shared?.Tuned ?? PromptRequest(inputs.FineTuned, inputs.FineTunedRates, caching: true).TotalUsd;
        var trainingRun = inputs.TrainingRunUsd;
        var tunedUpfront = FineTunedUpfront(inputs);
        var retrains = 0.0;
        double upfront, fixedMonthly, perRequest, lead, escalated = 0;
        var tuned = true;
        switch (kind)
        {
            case OptionKind.Prompt:
                (upfront, fixedMonthly, perRequest, lead, tuned) = (inputs.PromptedEngineeringUsd, PromptFixedMonthly(inputs), promptPerRequest, inputs.LeadPrompt, false);
                break;
            case OptionKind.FineTune:
                retrains = inputs.ImpliedRetrainsPerYear;
                (upfront, fixedMonthly, perRequest, lead) = (tunedUpfront, TunedFixedMonthly(inputs, retrains, trainingRun), tunedPerRequest, inputs.LeadFineTune);
                break;
            case OptionKind.FineTunePlusPrompt:
                // Instructions live in the prompt, so behaviour changes are prompt edits: the profile's own retraining cadence.
                retrains = inputs.RetrainsPerYear;
                upfront = tunedUpfront + inputs.PromptedEngineeringUsd;
                fixedMonthly = TunedFixedMonthly(inputs, retrains, trainingRun) + inputs.PromptedMaintenanceUsdPerMonth;
                perRequest = PromptRequest(inputs.FineTunedWithInstructions, inputs.FineTunedRates, caching: true).TotalUsd;
                lead = inputs.LeadFineTunePlusPrompt;
                break;
            case OptionKind.Cascade when inputs.CascadeTunedTier:
                retrains = inputs.ImpliedRetrainsPerYear;
                upfront = tunedUpfront + inputs.PromptedEngineeringUsd + inputs.CascadeEngineeringUsd;
                fixedMonthly = TunedFixedMonthly(inputs, retrains, trainingRun) + inputs.PromptedMaintenanceUsdPerMonth;
                escalated = double.IsNaN(inputs.MeasuredCascadePerRequestUsd) ? (inputs.StrongShare * promptPerRequest) + inputs.GateUsdPerRequest : inputs.MeasuredCascadePerRequestUsd;
                perRequest = tunedPerRequest;
                lead = inputs.LeadCascade;
                break;
            case OptionKind.Cascade:
                upfront = inputs.PromptedEngineeringUsd + inputs.CascadeEngineeringUsd;
                fixedMonthly = PromptFixedMonthly(inputs);
                perRequest = double.IsNaN(inputs.MeasuredCascadePerRequestUsd)
                    ? (inputs.CheapRates is { } cheap ? PromptRequest(inputs.Prompted, cheap, caching: true).TotalUsd : 0)
                        + (inputs.StrongShare * promptPerRequest) + inputs.GateUsdPerRequest
                    : inputs.MeasuredCascadePerRequestUsd;
                lead = inputs.LeadCascade;
                tuned = false;
                break;
            default:
                retrains = inputs.ImpliedRetrainsPerYear;
                var n = inputs.DistillExamples;
                var labeling = inputs.DistillByPeople
                    ? Math.Max(0, n - inputs.LabeledExamples) * inputs.CostPerLabelUsd
                    : n * (promptPerRequest + (inputs.DistillCheckShare * inputs.CostPerLabelUsd));
                var run = inputs.TrainingRunUsdPerExample * n;
                upfront = inputs.FineTunedEngineeringUsd + labeling + run;
                fixedMonthly = TunedFixedMonthly(inputs, retrains, run);
                perRequest = tunedPerRequest;
                lead = inputs.LeadDistillation;
                break;
        }

        var delay = inputs.ValuePerMonthUsd * lead;
        var running = upfront + delay;
        var migration = 0.0;
        var (livePerRequest, promptNow, escalatedNow) = (perRequest, promptPerRequest, escalated);
        var promptMoves = inputs.PromptedMigrations ?? [];
        IReadOnlyList<Migration> tunedMoves = tuned ? inputs.TunedMigrations ?? [] : [];
        var callsPrompt = kind is OptionKind.Prompt or OptionKind.Cascade;
        var volume = inputs.RequestsPerMonth;
        for (var m = 0; m < inputs.HorizonMonths; m++)
        {
            // Model lifetimes (docs/economics.md): from a migration's month the successor's prices apply, and its one-off falls in that month.
            var oneOff = 0.0;
            for (var i = 0; i < promptMoves.Count; i++)
            {
                var move = promptMoves[i];
                if (move.Month != m + 1)
                {
                    continue;
                }

                var successor = PromptRequest(inputs.Prompted, move.To, caching: true).TotalUsd;
                var strongDelta = double.IsNaN(inputs.MeasuredCascadePerRequestUsd) ? inputs.StrongShare * (successor - promptNow) : 0;
                if (kind == OptionKind.Prompt)
                {
                    livePerRequest = successor;
                }
                else if (kind == OptionKind.Cascade && tuned)
                {
                    escalatedNow += strongDelta;
                }
                else if (kind == OptionKind.Cascade)
                {
                    livePerRequest += strongDelta;
                }

                promptNow = successor;
                oneOff += callsPrompt ? move.OneOffUsd : 0;
            }

            for (var i = 0; i < tunedMoves.Count; i++)
            {
                var move = tunedMoves[i];
                if (move.Month != m + 1)
                {
                    continue;
                }

                var tokens = kind == OptionKind.FineTunePlusPrompt ? inputs.FineTunedWithInstructions : inputs.FineTuned;
                livePerRequest = PromptRequest(tokens, move.To.FineTuning!.Serving(move.To), caching: true).TotalUsd;
                oneOff += move.OneOffUsd;
            }

            migration += oneOff;
            var waiting = kind == OptionKind.Prompt ? 0 : Math.Clamp(lead - m, 0, 1);
            var live = tuned ? FineTunedVariable(inputs, livePerRequest, volume) : livePerRequest * volume;
            var month = fixedMonthly + oneOff + (waiting * promptNow * volume) + ((1 - waiting) * (live + (escalatedNow * volume)));
            running += month;
            if (monthly is not null)
            {
                monthly[m] = month;
                cumulative![m] = running;
            }

            volume *= 1 + inputs.MonthlyGrowth;
        }

        return new OptionRun(perRequest + escalated, upfront, fixedMonthly, retrains, lead, delay, migration, running);
    }

    /// <summary>One request's cost: the cacheable prefix (instructions + examples × share) is cached only when it reaches the provider's minimum.</summary>
    internal static RequestCost PromptRequest(CostInputs.Tokens tokens, Catalog.ModelPrice rates, bool caching)
    {
        var prompt = tokens.Instructions + tokens.Examples + tokens.Input;
        var prefix = (tokens.Instructions + tokens.Examples) * tokens.CacheableShare;
        rates = rates.ForRequest(prompt, tokens.OneHourCache);
        var cached = caching && rates.CachedInput is not null && prefix >= rates.MinCacheableTokens && tokens.CacheHitRate > 0 ? prefix : 0;
        return new RequestCost(
            tokens.Instructions, tokens.Examples, tokens.Input, tokens.Output, cached,
            UncachedInputUsd: rates.CallUsd(prompt - cached, 0, 0, 0),
            CacheUsd: rates.CallUsd(0, cached * tokens.CacheHitRate, cached * (1 - tokens.CacheHitRate), 0),
            OutputUsd: rates.CallUsd(0, 0, 0, tokens.Output),
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
        var monthly = new double[volumes.Length];
        var cumulative = new double[volumes.Length];
        var run = Run(promptSide ? OptionKind.Prompt : OptionKind.FineTune, inputs, monthly, cumulative);
        if (!promptSide && (inputs.SelfHosted || inputs.Endpoint is not null) && volumes.Length > 0)
        {
            var serving = volumes[0] > 0 ? FineTunedVariable(inputs, 0, volumes[0]) / volumes[0] : 0;
            request = request with { ServingUsd = serving };
            uncached += serving;
        }

        return new CostOption(approach, model, request.TotalUsd, uncached, request, run.Upfront + run.Delay, run.Fixed, monthly, cumulative, run.Total);
    }

    private static double FineTunedUpfront(in CostInputs inputs) =>
        inputs.FineTunedEngineeringUsd + inputs.LabelingUsd + inputs.TrainingRunUsd;

    private static double PromptFixedMonthly(in CostInputs inputs) =>
        inputs.PromptedMaintenanceUsdPerMonth + inputs.EvaluationUsdPerMonth;

    private static double TunedFixedMonthly(in CostInputs inputs, double retrainsPerYear, double trainingRunUsd) =>
        inputs.FineTunedMaintenanceUsdPerMonth + inputs.EvaluationUsdPerMonth + (retrainsPerYear / 12 * (trainingRunUsd + inputs.RetrainUsd));

    /// <summary>Volume-driven cost: per-token pricing, plus a dedicated endpoint's replica-hours where the host bills a tuned
    /// model that way; or GPU-hours for the load with always-on replicas as a floor when self-hosted.</summary>
    private static double FineTunedVariable(in CostInputs inputs, double perRequestUsd, double volume)
    {
        if (inputs.Endpoint is { } endpoint)
        {
            return (perRequestUsd * volume) + EndpointServing.Monthly(endpoint, volume, inputs.RequestsPerGpuHour, minReplicas: inputs.MinReplicas).MonthlyUsd;
        }

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
            var tuned = inputs.SelfHosted ? inputs.GpuHourlyUsd / inputs.RequestsPerGpuHour
                : (inputs.Endpoint?.Hourly / inputs.RequestsPerGpuHour ?? 0) + PromptRequest(inputs.FineTuned, inputs.FineTunedRates, true).TotalUsd;
            return (null, $"never: the fine-tuned model's per-request cost ({Format.Usd(tuned)}) is not lower than prompting's ({Format.Usd(prompt)})");
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

        var tunedPerRequest = tokensPerRequest * inferencePerToken;
        double? promptedPerRequest = null, promptedPerMonth = null, breakEven = null;
        if (prices.PromptedParametersBillions is > 0 and var promptedN)
        {
            var p = inputs.Prompted;
            promptedPerRequest = (p.Instructions + p.Examples + p.Input + p.Output) * CostInputs.FlopsPerInferenceToken(promptedN, Architecture.DecoderOnly);
            promptedPerMonth = promptedPerRequest * inputs.RequestsPerMonth;
            breakEven = promptedPerRequest > tunedPerRequest ? trainingTokens * trainingPerToken / (promptedPerRequest - tunedPerRequest) : null;
        }

        return new ComputeView(n, inferencePerToken, trainingPerToken, trainingTokens, trainingTokens * trainingPerToken, inferenceFlops,
            prices.GpuId, utilization, trainingHours, inferenceHours, tunedPerRequest, prices.PromptedParametersBillions, promptedPerRequest, promptedPerMonth, breakEven);
    }
}
