using Crossover.Core.Catalog;
using Crossover.Core.Economics;
using Crossover.Core.Formatting;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>
/// The decision over explicit options (docs/decision.md): the cheapest option over the horizon among those feasible with
/// probability ≥ the threshold; when none is, the most likely to be feasible that no measurement rules out; when every
/// option is ruled out, the prompt (the cheapest place to keep measuring).
/// </summary>
internal static class OptionEngine
{
    public sealed record Choice(OptionKind Kind, IReadOnlyList<DecisionOption> Options, string? Gate, string? Caveat, OptionModel Model);

    public static Choice Decide(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog, string? tunedRuledOut)
    {
        var model = OptionModel.Build(profile, catalog, economics.OptionCosts.Any(o => o.Kind == OptionKind.Cascade), tunedRuledOut);
        var options = new List<DecisionOption>();
        var measuredOut = new HashSet<OptionKind>();
        foreach (var candidate in model.Candidates)
        {
            var cost = economics.OptionCosts.FirstOrDefault(o => o.Kind == candidate.Kind);
            var kind = candidate.Kind;
            if (candidate.ExcludedBecause is { } reason)
            {
                options.Add(new DecisionOption(kind, OptionModel.ApproachOf(kind), OptionModel.PatternOf(kind), OptionModel.TitleOf(kind), reason, cost, 0, false, null, [], 0));
                continue;
            }

            var checks = Checks(model, candidate, profile);
            var probability = checks.Aggregate(1.0, (p, c) => p * c.Probability);
            var measuredBelow = model.MeasuredBelow(candidate, profile);
            var feasible = measuredBelow is null && probability >= model.Threshold;
            if (measuredBelow is not null)
            {
                measuredOut.Add(kind);
            }

            var because = measuredBelow ?? (feasible ? null
                : $"P(meets every bar) {Format.Percent(probability)} is under the {Format.Percent(model.Threshold)} threshold; weakest: {checks.MinBy(c => c.Probability)!.Explanation}");
            options.Add(new DecisionOption(kind, OptionModel.ApproachOf(kind), OptionModel.PatternOf(kind), OptionModel.TitleOf(kind), null, cost, probability, feasible, because, checks, 0));
        }

        var (chosen, caveat) = Choose(options, measuredOut);
        var tunedGate = options.Where(o => o.Kind is OptionKind.FineTune or OptionKind.FineTunePlusPrompt).Select(o => model.Candidates.First(c => c.Kind == o.Kind).ExcludedBy).Distinct().ToList();
        var gate = chosen == OptionKind.Prompt && tunedGate is [{ } only] ? only : null;
        return new Choice(chosen, options, gate, caveat, model);
    }

    /// <summary>The answer's kind only, for sensitivity sweeps.</summary>
    public static Approach Recommend(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog, string? tunedRuledOut) =>
        OptionModel.ApproachOf(Decide(profile, economics, catalog, tunedRuledOut).Kind);

    private static (OptionKind Kind, string? Caveat) Choose(IReadOnlyList<DecisionOption> options, HashSet<OptionKind> measuredOut)
    {
        var feasible = options.Where(o => o.Feasible && o.Cost is not null).ToList();
        if (feasible.Count > 0)
        {
            return (feasible.MinBy(o => o.Cost!.TotalUsd)!.Kind, null);
        }

        var open = options.Where(o => o.ExcludedBecause is null && o.Cost is not null && !measuredOut.Contains(o.Kind) && o.FeasibilityProbability > 0).ToList();
        if (open.Count > 0)
        {
            var best = open.OrderByDescending(o => Math.Round(o.FeasibilityProbability, 3)).ThenBy(o => o.Cost!.TotalUsd).First();
            return (best.Kind, $"no option reaches the feasibility threshold; {best.Title.ToLowerInvariant()} is the most likely to meet the bars ({Format.Percent(best.FeasibilityProbability)})");
        }

        return (OptionKind.Prompt, "no option is likely to meet the bars: keep the prompt and measure before investing");
    }

    private static List<FeasibilityCheck> Checks(OptionModel model, OptionModel.Candidate candidate, UseCaseProfile profile)
    {
        var checks = new List<FeasibilityCheck>();
        foreach (var check in candidate.Checks)
        {
            var belief = model.Beliefs[check.Belief];
            var threshold = OptionModel.ThresholdOf(check, profile) + check.Shift;
            var p = belief.ProbabilityAtLeast(threshold);
            var latency = check.Requirement == OptionModel.Requirement.Latency;
            var (likely, needed) = latency ? (-belief.Likely, -threshold) : (belief.Likely, threshold);
            var basis = belief.Basis switch
            {
                BeliefBasis.Measured => $"measured on {Format.Count(belief.Trials)} items",
                BeliefBasis.Stated => "stated",
                _ => "assumed",
            };
            var what = check.Requirement.ToString().ToLowerInvariant();
            var shift = check.Shift > 0 && !latency ? $" (bar {Format.Percent(OptionModel.ThresholdOf(check, profile))} + {Format.Percent(check.Shift)} for routing, distillation or hard requests)" : string.Empty;
            var text = check.Requirement switch
            {
                OptionModel.Requirement.Latency => $"{what}: p95 {likely:0} ms vs SLO {needed:0} ms ({basis}), P {Format.Percent(p)}",
                OptionModel.Requirement.Style => $"{what}: P(voice is right) {Format.Percent(p)} ({basis})",
                _ => $"{what}: {belief.Name} {Format.Percent(likely)} vs {Format.Percent(needed)} needed{shift} ({basis}), P {Format.Percent(p)}",
            };
            checks.Add(new FeasibilityCheck(what, belief.Name, belief.Basis, likely, needed, p, text, belief.Source));
        }

        return checks;
    }
}
