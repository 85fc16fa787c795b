using Crossover.Core.Catalog;
using Crossover.Core.Economics;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>
/// Turns criteria into an answer: hard gates first, then the balance of strong reasons, with a hybrid when strong
/// reasons to fine-tune meet strong reasons that favour flexibility (docs/decision.md).
/// </summary>
public static class DecisionEngine
{
    /// <summary>A criterion at or above this weight counts as a strong reason.</summary>
    public const double StrongWeight = 0.5;

    /// <summary>Decides from a profile and its economics.</summary>
    /// <param name="profile">The profile (evidence already applied).</param>
    /// <param name="economics">Its economics.</param>
    /// <param name="catalog">The price catalog (provider availability).</param>
    /// <returns>The decision.</returns>
    public static Decision Decide(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(economics);
        ArgumentNullException.ThrowIfNull(catalog);
        var criteria = FrameworkRules.Evaluate(profile, economics, catalog);
        var retrieval = criteria.Any(c => c.Favors == Direction.Retrieval && c.Weight >= StrongWeight);
        var answer = Gate(profile, economics, criteria) ?? Balance(profile, criteria);
        var method = answer.Approach == Approach.PromptEngineering ? (TuningMethod?)null : Method(profile, criteria);
        var steps = NextSteps.For(profile, economics, criteria, answer.Approach, answer.Pattern, retrieval, method, catalog);
        var summary = Summarize(answer, retrieval, criteria);
        return new Decision(answer.Approach, answer.Pattern, retrieval, method, Math.Round(answer.Confidence, 2), answer.Gate, summary, criteria, answer.Deciding, steps);
    }

    private static Answer? Gate(UseCaseProfile profile, EconomicsResult economics, IReadOnlyList<Criterion> criteria)
    {
        if (profile.Stage == Stage.Prototype)
        {
            return new Answer(Approach.PromptEngineering, null, 0.9, "prototype-stage", ["product-stage"]);
        }

        if (profile.Data.LabeledExamples.Likely < 50 && !profile.Data.CanLabelMore)
        {
            return new Answer(Approach.PromptEngineering, null, 0.85, "no-labeled-data", ["labeled-data"]);
        }

        var q = profile.Quality;
        var meetsQuality = q.Prompting is { } quality && quality.Likely >= q.Bar.Likely;
        var meetsFormat = profile.Format.Strictness == FormatStrictness.None
            || (q.PromptingFormatCompliance is { } compliance && compliance.Likely >= profile.Format.RequiredCompliance.Likely);
        var meetsLatency = profile.Traffic.LatencySloP95Ms is not { } slo
            || (q.PromptingLatencyP95Ms is { } latency && latency.Likely <= slo.Likely);
        var costDemands = criteria.Any(c => c.Id == "volume-vs-break-even" && c.Favors == Direction.FineTuning);
        var styleDemands = profile.Style == StyleNeed.Strong;
        return meetsQuality && meetsFormat && meetsLatency && !costDemands && !styleDemands
            ? new Answer(Approach.PromptEngineering, null, 0.85, "prompting-meets-every-bar", ["quality-bar"])
            : null;
    }

    private static Answer Balance(UseCaseProfile profile, IReadOnlyList<Criterion> criteria)
    {
        var forTuning = criteria.Where(c => c.Favors == Direction.FineTuning).ToList();
        var forPrompting = criteria.Where(c => c.Favors is Direction.PromptEngineering or Direction.Retrieval).ToList();
        var strongTuning = forTuning.Where(c => c.Weight >= StrongWeight).ToList();
        var strongFlexibility = forPrompting.Where(c => c.Weight >= StrongWeight && FrameworkRules.FlexibilityRules.Contains(c.Id)).ToList();
        var tuningScore = forTuning.Sum(c => c.Weight);
        var promptingScore = forPrompting.Sum(c => c.Weight);

        if (strongTuning.Count == 0 || promptingScore >= tuningScore && strongFlexibility.Count == 0)
        {
            var deciding = forPrompting.Take(3).Select(c => c.Id).ToList();
            return new Answer(Approach.PromptEngineering, null, Confidence(promptingScore, tuningScore), null, deciding);
        }

        if (strongFlexibility.Count > 0)
        {
            var pattern = strongTuning.Any(c => FrameworkRules.BehaviorRules.Contains(c.Id))
                ? HybridPattern.FineTunePlusPrompt
                : profile.Data.LabeledExamples.Likely < 1000 && profile.Quality.Prompting is { } q && q.Likely >= profile.Quality.Bar.Likely
                    ? HybridPattern.Distillation
                    : HybridPattern.Cascade;
            var deciding = strongTuning.Take(2).Concat(strongFlexibility.Take(1)).Select(c => c.Id).ToList();
            var balance = Math.Min(strongTuning.Sum(c => c.Weight), strongFlexibility.Sum(c => c.Weight))
                / Math.Max(strongTuning.Sum(c => c.Weight), strongFlexibility.Sum(c => c.Weight));
            return new Answer(Approach.Hybrid, pattern, 0.55 + (0.3 * balance), null, deciding);
        }

        var confidence = Confidence(tuningScore, promptingScore) - (profile.Quality.Prompting is null && profile.Quality.FineTuned is null ? 0.05 : 0);
        return new Answer(Approach.FineTuning, null, confidence, null, [.. strongTuning.Take(3).Select(c => c.Id)]);
    }

    /// <summary>0.5 for a tie, rising towards 0.95 as the winning side's weight dominates.</summary>
    private static double Confidence(double winner, double loser) =>
        Math.Clamp(0.5 + (0.45 * (winner - loser) / (winner + loser + 0.5)), 0.35, 0.95);

    private static TuningMethod Method(UseCaseProfile profile, IReadOnlyList<Criterion> criteria)
    {
        var styleDriven = criteria.Any(c => c.Id == "brand-voice" && c.Weight >= StrongWeight);
        if (styleDriven && profile.Data.PreferencePairs.Likely >= 100)
        {
            return TuningMethod.PreferenceTuning;
        }

        return profile.FineTuned.Hosting == Hosting.SelfHosted || profile.Team.SelfHostRequired ? TuningMethod.Lora : TuningMethod.Sft;
    }

    private static string Summarize(Answer answer, bool retrieval, IReadOnlyList<Criterion> criteria)
    {
        var what = answer.Approach switch
        {
            Approach.PromptEngineering => "Prompt engineering",
            Approach.FineTuning => "Fine-tuning",
            _ => answer.Pattern switch
            {
                HybridPattern.FineTunePlusPrompt => "Hybrid: fine-tune for format/style, prompt per request",
                HybridPattern.Distillation => "Hybrid: distill the prompted model into a smaller fine-tuned one",
                _ => "Hybrid: a cascade of a cheap fine-tuned model and a strong prompted one",
            },
        };
        var plusRetrieval = retrieval ? ", with retrieval for changing facts" : string.Empty;
        var reason = answer.Gate switch
        {
            "prototype-stage" => "the use case is still being explored, so don't invest in training before product-market fit",
            "no-labeled-data" => "there is no labeled data and no way to get it",
            "prompting-meets-every-bar" => "prompting already meets every bar, so ship the prompt",
            _ => criteria.FirstOrDefault(c => answer.Deciding.Count > 0 && c.Id == answer.Deciding[0])?.Explanation.TrimEnd('.') ?? "no criterion points elsewhere",
        };
        return $"{what}{plusRetrieval}: {Lower(reason)}.";
    }

    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private sealed record Answer(Approach Approach, HybridPattern? Pattern, double Confidence, string? Gate, IReadOnlyList<string> Deciding);
}
