using Crossover.Core.Catalog;
using Crossover.Core.Economics;
using Crossover.Core.Evidence;
using Crossover.Core.Formatting;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>The whole of <c>crossover decide</c> as one pure function: (profile, catalog, evidence) → report.</summary>
public static class Decider
{
    /// <summary>Decides a profile.</summary>
    /// <param name="profile">The profile as read.</param>
    /// <param name="catalog">The price catalog.</param>
    /// <param name="options">Evidence and Monte Carlo settings.</param>
    /// <returns>The decision with its options, economics, uncertainty and value of information.</returns>
    /// <exception cref="Input.InputException">A model or GPU is missing from the catalog, or a needed figure is absent.</exception>
    public static DecisionReport Decide(UseCaseProfile profile, PriceCatalog catalog, DecideOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new DecideOptions();
        options.Validate();

        IReadOnlyList<Replacement> replacements = [];
        if (options.Evidence is { } evidence)
        {
            (profile, replacements) = EvidenceApplier.Apply(profile, evidence);
        }

        var effective = profile.PriceOverrides is { } inline ? catalog.OverriddenBy(inline) : catalog;
        var prices = ResolvedPrices.Resolve(profile, effective, options.DecisionDate);
        var economics = CostModel.Compute(profile, CostInputs.From(profile, prices), prices);
        var tunedRuledOut = prices.TunedPlan?.RuledOut;
        var choice = OptionEngine.Decide(profile, economics, effective, tunedRuledOut);
        var criteria = FrameworkRules.Evaluate(profile, economics, effective);

        Approach Recommend(UseCaseProfile variant) =>
            OptionEngine.Recommend(variant, CostModel.Compute(variant, CostInputs.From(variant, prices), prices), effective, tunedRuledOut);

        var open = choice.Options.Where(o => o.ExcludedBecause is null && o.Cost is not null).Select(o => o.Kind).ToList();
        var monteCarlo = DecisionMonteCarlo.Run(profile, prices, choice.Model, open, choice.Kind, economics, options.MonteCarloDraws, options.Seed);
        var sensitivity = UncertaintyAnalysis.Sensitivity(profile, prices, Recommend);
        var anyUncertain = sensitivity.Count > 0 || open.Any(k => choice.Model.Candidates.First(c => c.Kind == k).Checks.Any(c => choice.Model.Beliefs[c.Belief].IsUncertain));
        var uncertainty = anyUncertain && (sensitivity.Count > 0 || options.MonteCarloDraws > 0) ? new UncertaintyResult(sensitivity, monteCarlo.Summary) : null;

        var chosen = choice.Options.First(o => o.Kind == choice.Kind);
        var confidence = options.MonteCarloDraws > 0 ? monteCarlo.Confidence : chosen.FeasibilityProbability;
        var withShares = choice.Options.Select(o => o with { ProbabilityBest = monteCarlo.ProbabilityBest.GetValueOrDefault(o.Kind) }).ToList();
        var retrieval = OptionModel.RetrievalForced(profile);
        var method = choice.Kind == OptionKind.Prompt || (choice.Kind == OptionKind.Cascade && profile.Cascade.CheapTier == CascadeTier.Prompted)
            ? (TuningMethod?)null
            : Method(profile, criteria);
        var deciding = Deciding(choice, criteria);
        var steps = NextSteps.For(profile, economics, choice.Kind, retrieval, method, effective, monteCarlo.ValueOfInformation);
        var summary = Summarize(choice, chosen, retrieval, withShares, profile);
        return new DecisionReport(
            profile, chosen.Approach, chosen.HybridPattern, retrieval, method, Math.Round(confidence, 3), choice.Gate, summary, criteria, deciding, steps,
            economics, uncertainty, options.Evidence, replacements, effective.Date, choice.Kind, profile.Decision.FeasibilityThreshold, withShares,
            monteCarlo.ValueOfInformation)
        {
            Warnings = ModelLifetimes.Warnings(effective, options.DecisionDate ?? effective.Date, profile.Traffic.HorizonMonths, UsedModels(profile)),
        };
    }

    private static IEnumerable<(string ModelId, bool Tuned)> UsedModels(UseCaseProfile profile)
    {
        yield return (profile.Prompted.Model, false);
        if (profile.FineTuned.Hosting == Hosting.Managed)
        {
            yield return (profile.FineTuned.BaseModel, true);
        }
    }

    /// <summary>Runs the decision's Monte Carlo alone (all options, quality posteriors, value of information), for benchmarks.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="catalog">The price catalog.</param>
    /// <param name="draws">Draws.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>The prompt-versus-fine-tune summary of the draws.</returns>
    public static MonteCarloResult MonteCarlo(UseCaseProfile profile, PriceCatalog catalog, int draws, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(catalog);
        var effective = profile.PriceOverrides is { } inline ? catalog.OverriddenBy(inline) : catalog;
        var prices = ResolvedPrices.Resolve(profile, effective);
        var economics = CostModel.Compute(profile, CostInputs.From(profile, prices), prices);
        var choice = OptionEngine.Decide(profile, economics, effective, prices.TunedPlan?.RuledOut);
        var open = choice.Options.Where(o => o.ExcludedBecause is null && o.Cost is not null).Select(o => o.Kind).ToList();
        return DecisionMonteCarlo.Run(profile, prices, choice.Model, open, choice.Kind, economics, draws, seed).Summary;
    }

    private static TuningMethod Method(UseCaseProfile profile, IReadOnlyList<Criterion> criteria)
    {
        var styleDriven = criteria.Any(c => c.Id == "brand-voice" && c.Weight >= 0.5);
        if (styleDriven && profile.Data.PreferencePairs.Likely >= 100)
        {
            return TuningMethod.PreferenceTuning;
        }

        return profile.FineTuned.Hosting == Hosting.SelfHosted || profile.Team.SelfHostRequired ? TuningMethod.Lora : TuningMethod.Sft;
    }

    /// <summary>The criteria that carried the answer: the gate's, then the quality gap when a cheaper option fell short, then the strongest reasons the answer's way.</summary>
    private static List<string> Deciding(OptionEngine.Choice choice, IReadOnlyList<Criterion> criteria)
    {
        var ids = new List<string>();
        if (choice.Gate is { } gate)
        {
            ids.Add(gate == "prototype-stage" ? "product-stage" : gate);
            return ids;
        }

        var chosen = choice.Options.First(o => o.Kind == choice.Kind);
        var prompt = choice.Options.First(o => o.Kind == OptionKind.Prompt);
        if (choice.Kind != OptionKind.Prompt && !prompt.Feasible && prompt.Checks.FirstOrDefault(c => c.Probability < choice.Model.Threshold) is { } weakest)
        {
            ids.Add(weakest.Requirement switch
            {
                "format" => "format-compliance",
                "style" => "brand-voice",
                "latency" => "latency-slo",
                _ => "quality-bar",
            });
        }

        var direction = chosen.Approach switch
        {
            Approach.PromptEngineering => Direction.PromptEngineering,
            _ => Direction.FineTuning,
        };
        ids.AddRange(criteria.Where(c => c.Favors == direction && c.Weight >= 0.5 && !ids.Contains(c.Id)).Take(3 - ids.Count).Select(c => c.Id));
        if (choice.Kind is OptionKind.FineTunePlusPrompt or OptionKind.Cascade && criteria.FirstOrDefault(c => c.Id is "knowledge-freshness" or "behavior-changes" && c.Weight >= 0.5) is { } flexible)
        {
            ids.Add(flexible.Id);
        }

        return ids;
    }

    private static string Summarize(OptionEngine.Choice choice, DecisionOption chosen, bool retrieval, IReadOnlyList<DecisionOption> options, UseCaseProfile profile)
    {
        var what = choice.Kind switch
        {
            OptionKind.Prompt => "Prompt engineering",
            OptionKind.FineTune => "Fine-tuning",
            OptionKind.FineTunePlusPrompt => "Hybrid: fine-tune for format/style, prompt per request",
            OptionKind.Distillation => "Hybrid: distill the prompted model into a smaller fine-tuned one",
            _ => "Hybrid: a cascade of a cheap model and the strong prompted one",
        };
        var plusRetrieval = retrieval ? ", with retrieval for changing facts" : string.Empty;
        string reason;
        if (choice.Gate is not null)
        {
            reason = options.First(o => o.Kind == OptionKind.FineTune).ExcludedBecause ?? "constraints leave only the prompt";
        }
        else if (choice.Caveat is { } caveat)
        {
            reason = caveat;
        }
        else
        {
            var horizon = profile.Traffic.HorizonMonths;
            reason = $"the cheapest option over {horizon} months ({Format.Usd(chosen.Cost!.TotalUsd)}) among those likely to meet every bar (P {Format.Percent(chosen.FeasibilityProbability)} ≥ {Format.Percent(choice.Model.Threshold)})";
            var cheaper = options.Where(o => o.Cost is not null && o.Cost.TotalUsd < chosen.Cost.TotalUsd && o.ExcludedBecause is null && !o.Feasible).MinBy(o => o.Cost!.TotalUsd);
            if (cheaper is not null)
            {
                reason += $"; {cheaper.Title.ToLowerInvariant()} costs less but is not feasible ({Format.Percent(cheaper.FeasibilityProbability)})";
            }
        }

        return $"{what}{plusRetrieval}: {reason}.";
    }
}
