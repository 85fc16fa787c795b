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
            q = prompted.Items > 0 && (prompted.Quality is not null || prompted.FormatCompliance is not null) ? q with { PromptingItems = prompted.Items } : q;
            var d = p.Prompted;
            if (prompted.InputTokensPerRequest is { } promptTokens)
            {
                d = MeasuredPrompt(d, promptTokens, prompted.Candidate, replaced);
            }

            var staticPrefix = d.SystemPromptTokens.Likely + (d.FewShotCount.Likely * d.TokensPerExample.Likely);
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
            q = tuned.Items > 0 && (tuned.Quality is not null || tuned.FormatCompliance is not null) ? q with { FineTunedItems = tuned.Items } : q;
            var f = p.FineTuned;
            if (tuned.InputTokensPerRequest is { } promptTokens)
            {
                var instructions = f.SystemPromptTokens.Likely;
                var input = (f.InputTokens ?? p.Prompted.InputTokens).Likely;
                var (newInstructions, newInput) = Split(promptTokens, instructions, input);
                if (newInstructions != instructions)
                {
                    replaced.Add(new Replacement("fineTuned.systemPromptTokens", instructions, newInstructions, tuned.Candidate));
                    f = f with { SystemPromptTokens = newInstructions };
                }

                replaced.Add(new Replacement("fineTuned.inputTokens", input, newInput, tuned.Candidate));
                f = f with { InputTokens = newInput };
            }

            if (tuned.OutputTokensPerRequest is { } output)
            {
                replaced.Add(new Replacement("fineTuned.outputTokens", (f.OutputTokens ?? p.Prompted.OutputTokens).Likely, output, tuned.Candidate));
                f = f with { OutputTokens = output };
            }

            p = p with { Quality = q, FineTuned = f };
        }

        if (evidence.Cascade is { } cascade)
        {
            var c = p.Cascade;
            replaced.Add(new Replacement("cascade.quality", c.Quality?.Likely, cascade.Quality, cascade.Name));
            replaced.Add(new Replacement("cascade.costPerRequestUsd", null, cascade.CostPerRequestUsd, cascade.Name));
            c = c with { Quality = cascade.Quality, QualityItems = cascade.Total, MeasuredCostPerRequestUsd = cascade.CostPerRequestUsd };

            // Every request the first stage does not answer goes on to a stronger model.
            var share = 1 - cascade.FirstStageShare;
            replaced.Add(new Replacement("cascade.strongShare", c.StrongShare?.Likely, share, cascade.Name));
            c = c with { StrongShare = share };

            p = p with { Cascade = c };
        }

        if (evidence.Curve is { } curve)
        {
            p = ApplyCurve(p, curve, replaced);
        }

        return (p, replaced);
    }

    /// <summary>
    /// The measured prompt is the prompt: its tokens replace the profile's structure exactly. A measured prompt at least as
    /// long as the profile's prefix plus input keeps the prefix and puts the rest in the per-request input; a shorter one
    /// scales instructions, example length and input by the same factor, so the total is the measured one and nothing is
    /// floored at the profile's prefix.
    /// </summary>
    private static PromptedDeployment MeasuredPrompt(PromptedDeployment d, double promptTokens, string candidate, List<Replacement> replaced)
    {
        var examples = d.FewShotCount.Likely * d.TokensPerExample.Likely;
        var prefix = d.SystemPromptTokens.Likely + examples;
        var (newPrefix, newInput) = Split(promptTokens, prefix, d.InputTokens.Likely);
        if (newPrefix != prefix)
        {
            var scale = prefix > 0 ? newPrefix / prefix : 0;
            replaced.Add(new Replacement("prompted.systemPromptTokens", d.SystemPromptTokens.Likely, d.SystemPromptTokens.Likely * scale, candidate));
            d = d with { SystemPromptTokens = d.SystemPromptTokens.Likely * scale };
            if (examples > 0)
            {
                replaced.Add(new Replacement("prompted.tokensPerExample", d.TokensPerExample.Likely, d.TokensPerExample.Likely * scale, candidate));
                d = d with { TokensPerExample = d.TokensPerExample.Likely * scale };
            }
        }

        replaced.Add(new Replacement("prompted.inputTokens", d.InputTokens.Likely, newInput, candidate));
        return d with { InputTokens = newInput };
    }

    /// <summary>Splits measured prompt tokens into (static prefix, per-request input) as <see cref="MeasuredPrompt"/> describes.</summary>
    private static (double Prefix, double Input) Split(double measured, double prefix, double input)
    {
        if (measured >= prefix + input || prefix + input <= 0)
        {
            return (prefix, Math.Max(0, measured - prefix));
        }

        var scale = measured / (prefix + input);
        return (prefix * scale, input * scale);
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
