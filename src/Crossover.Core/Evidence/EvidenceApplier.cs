using Crossover.Core.Profiles;

namespace Crossover.Core.Evidence;

/// <summary>Replaces profile values with what an evaluation run measured, and lists every replacement.</summary>
public static class EvidenceApplier
{
    /// <summary>Applies measurements to a profile.</summary>
    /// <param name="profile">The profile as written.</param>
    /// <param name="evidence">The run's measurements.</param>
    /// <returns>The profile with measured values, and what was replaced.</returns>
    public static (UseCaseProfile Profile, IReadOnlyList<Replacement> Replacements) Apply(UseCaseProfile profile, RunEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(evidence);
        var replaced = new List<Replacement>();
        var p = profile;
        if (evidence.Prompted is { } prompted)
        {
            var q = p.Quality;
            q = Set(q, prompted.Quality, "quality.prompting.quality", q.Prompting, v => q with { Prompting = v }, prompted, replaced);
            q = Set(q, prompted.FormatCompliance, "quality.prompting.formatCompliance", q.PromptingFormatCompliance, v => q with { PromptingFormatCompliance = v }, prompted, replaced);
            q = Set(q, prompted.LatencyP95Ms, "quality.prompting.latencyP95Ms", q.PromptingLatencyP95Ms, v => q with { PromptingLatencyP95Ms = v }, prompted, replaced);
            var d = p.Prompted;
            var staticPrefix = d.SystemPromptTokens.Likely + (d.FewShotCount.Likely * d.TokensPerExample.Likely);
            if (prompted.InputTokensPerRequest is { } promptTokens)
            {
                var dynamic = Math.Max(0, promptTokens - staticPrefix);
                replaced.Add(new Replacement("prompted.inputTokens", d.InputTokens.Likely, dynamic, prompted.Candidate));
                d = d with { InputTokens = dynamic };
            }

            if (prompted.CachedTokensPerRequest is { } cached && staticPrefix > 0)
            {
                var hitRate = Math.Clamp(cached / (staticPrefix * d.CacheablePrefixShare.Likely), 0, 1);
                replaced.Add(new Replacement("prompted.cacheHitRate", d.CacheHitRate.Likely, hitRate, prompted.Candidate));
                d = d with { CacheHitRate = hitRate };
            }

            if (prompted.OutputTokensPerRequest is { } output)
            {
                replaced.Add(new Replacement("prompted.outputTokens", d.OutputTokens.Likely, output, prompted.Candidate));
                d = d with { OutputTokens = output };
            }

            p = p with { Quality = q, Prompted = d };
        }

        if (evidence.FineTuned is { } tuned)
        {
            var q = p.Quality;
            q = Set(q, tuned.Quality, "quality.fineTuned.quality", q.FineTuned, v => q with { FineTuned = v }, tuned, replaced);
            q = Set(q, tuned.FormatCompliance, "quality.fineTuned.formatCompliance", q.FineTunedFormatCompliance, v => q with { FineTunedFormatCompliance = v }, tuned, replaced);
            var f = p.FineTuned;
            if (tuned.InputTokensPerRequest is { } promptTokens)
            {
                var dynamic = Math.Max(0, promptTokens - f.SystemPromptTokens.Likely);
                replaced.Add(new Replacement("fineTuned.inputTokens", (f.InputTokens ?? p.Prompted.InputTokens).Likely, dynamic, tuned.Candidate));
                f = f with { InputTokens = dynamic };
            }

            if (tuned.OutputTokensPerRequest is { } output)
            {
                replaced.Add(new Replacement("fineTuned.outputTokens", (f.OutputTokens ?? p.Prompted.OutputTokens).Likely, output, tuned.Candidate));
                f = f with { OutputTokens = output };
            }

            p = p with { Quality = q, FineTuned = f };
        }

        if (evidence.Curve is { } curve)
        {
            p = ApplyCurve(p, curve, replaced);
        }

        return (p, replaced);
    }

    /// <summary>
    /// A size that beat the prompt becomes the data needed and the training set the economics price (labeling pays for
    /// any shortfall); no size beating it is recorded as such, and the labeled-data rule reads either.
    /// </summary>
    private static UseCaseProfile ApplyCurve(UseCaseProfile p, CurveEvidence curve, List<Replacement> replaced)
    {
        var source = $"learning curve {curve.RunId}";
        if (curve.ClearingSize is { } needed)
        {
            replaced.Add(new Replacement("data.examplesNeeded", p.Data.ExamplesNeeded, needed, source));
            replaced.Add(new Replacement("fineTuned.trainingExamples", p.FineTuned.TrainingExamples.Likely, needed, source));
            if (curve.QualityAtClearingSize is { } quality && p.Quality.FineTuned is null)
            {
                replaced.Add(new Replacement("quality.fineTuned.quality", null, quality, source));
                p = p with { Quality = p.Quality with { FineTuned = quality } };
            }

            return p with { Data = p.Data with { ExamplesNeeded = needed, NotBeatenUpTo = null }, FineTuned = p.FineTuned with { TrainingExamples = needed } };
        }

        replaced.Add(new Replacement("data.notBeatenUpTo", p.Data.NotBeatenUpTo, curve.LargestSize, source));
        return p with { Data = p.Data with { NotBeatenUpTo = curve.LargestSize, ExamplesNeeded = null } };
    }

    private static QualityTargets Set(
        QualityTargets current, double? measured, string field, Estimate? before, Func<Estimate, QualityTargets> with, MeasuredCandidate candidate, List<Replacement> replaced)
    {
        if (measured is not { } value)
        {
            return current;
        }

        replaced.Add(new Replacement(field, before?.Likely, value, candidate.Candidate));
        return with(value);
    }
}
