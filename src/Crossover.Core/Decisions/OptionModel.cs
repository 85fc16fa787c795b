using Crossover.Core.Catalog;
using Crossover.Core.Economics;
using Crossover.Core.Formatting;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>
/// The options a profile allows, the constraints that rule some out, and what each must meet: quality, format, style and
/// latency, each read from a shared <see cref="Belief"/> (so one measurement moves every option that depends on it).
/// Priors and their sources are in docs/decision.md, "Priors".
/// </summary>
internal sealed class OptionModel
{
    /// <summary>Quality lost to routing mistakes in a cascade (FrugalGPT, Chen et al. 2023, arXiv:2305.05176: cascades match the strong model).</summary>
    public const double RoutingLoss = 0.01;

    /// <summary>Quality a distilled student trails its teacher by (Hsieh et al. 2023, arXiv:2305.02301: students approach or pass the teacher).</summary>
    public const double DistillationGap = 0.02;

    /// <summary>Share of the requests that need the strong model a small model alone gets wrong (assumed).</summary>
    public const double HardRequestMissRate = 0.5;

    public enum Requirement { Quality, Format, Style, Latency }

    public readonly record struct Check(Requirement Requirement, int Belief, double Shift);

    public sealed record Candidate(OptionKind Kind, string? ExcludedBecause, string? ExcludedBy, IReadOnlyList<Check> Checks);

    public required IReadOnlyList<Belief> Beliefs { get; init; }

    public required IReadOnlyList<Candidate> Candidates { get; init; }

    public required double Threshold { get; init; }

    public static Approach ApproachOf(OptionKind kind) => kind switch
    {
        OptionKind.Prompt => Approach.PromptEngineering,
        OptionKind.FineTune => Approach.FineTuning,
        _ => Approach.Hybrid,
    };

    public static HybridPattern? PatternOf(OptionKind kind) => kind switch
    {
        OptionKind.FineTunePlusPrompt => HybridPattern.FineTunePlusPrompt,
        OptionKind.Cascade => HybridPattern.Cascade,
        OptionKind.Distillation => HybridPattern.Distillation,
        _ => null,
    };

    public static string TitleOf(OptionKind kind) => kind switch
    {
        OptionKind.Prompt => "Prompt",
        OptionKind.FineTune => "Fine-tune",
        OptionKind.FineTunePlusPrompt => "Fine-tune + prompt",
        OptionKind.Cascade => "Cascade",
        _ => "Distillation",
    };

    /// <summary>Whether facts change often enough that every option carries retrieval (seed 000 FAQ: RAG, not fine-tuning, for facts).</summary>
    public static bool RetrievalForced(UseCaseProfile profile) =>
        profile.KnowledgeChanges is ChangeFrequency.Monthly or ChangeFrequency.Weekly or ChangeFrequency.Daily;

    public static OptionModel Build(UseCaseProfile profile, PriceCatalog catalog, bool cascadePriced, string? tunedRuledOut)
    {
        var beliefs = new List<Belief>();
        int Add(Belief belief)
        {
            beliefs.Add(belief);
            return beliefs.Count - 1;
        }

        var q = profile.Quality;
        var bar = q.Bar.Likely;
        var prompt = Add(QualityBelief("quality.prompting", q.Prompting, q.PromptingItems, bar, PromptPrior(profile)));
        var tunedPrior = TunedPrior(profile);
        var tunedMeasured = q.FineTuned is not null;
        var tuned = Add(QualityBelief("quality.fineTuned", q.FineTuned, q.FineTunedItems, bar, tunedPrior));

        // Fine-tune + prompt keeps the full instructions, so unmeasured it is as good as the better of the two beliefs;
        // once the tuned model is measured, the measurement rules.
        var tunedWithPrompt = tunedMeasured || beliefs[tuned].ProbabilityAtLeast(bar) >= beliefs[prompt].ProbabilityAtLeast(bar) ? tuned : prompt;
        var cascadeQuality = profile.Cascade.Quality is { } measuredCascade
            ? Add(QualityBelief("quality.cascade", measuredCascade, profile.Cascade.QualityItems, bar, (0, string.Empty)))
            : -1;

        int? promptFormat = null, tunedFormat = null;
        if (profile.Format.Strictness != FormatStrictness.None)
        {
            var required = profile.Format.RequiredCompliance.Likely;
            var strict = profile.Format.Strictness == FormatStrictness.Strict;
            promptFormat = Add(QualityBelief("format.prompting", q.PromptingFormatCompliance, q.PromptingItems, required,
                (strict ? 0.4 : 0.9, strict ? $"{Sources.Framework}: strict formats are best-effort with prompting" : $"{Sources.CriteriaCard}: soft formats usually hold with prompting")));
            tunedFormat = Add(QualityBelief("format.fineTuned", q.FineTunedFormatCompliance, q.FineTunedItems, required,
                (strict ? 0.85 : 0.95, $"{Sources.Framework}: fine-tuning makes output formats more reliable")));
        }

        int? promptStyle = null, tunedStyle = null;
        if (profile.Style == StyleNeed.Strong)
        {
            promptStyle = Add(Belief.Assumed("style.prompting", 0.5, 0.3, $"{Sources.Explainer}: prompting leaves the tone generic"));
            var examples = AvailableExamples(profile);
            tunedStyle = Add(Belief.Assumed("style.fineTuned", 0.5, examples >= 100 ? 0.85 : 0.5,
                $"{Sources.Explainer}: 500 great conversations taught a support bot its tone"));
        }

        int? promptLatency = null;
        if (profile.Traffic.LatencySloP95Ms is { } slo)
        {
            if (q.PromptingLatencyP95Ms is { } latency)
            {
                promptLatency = Add(Belief.StatedAs("latency.prompting", new Estimate(-latency.High, -latency.Likely, -latency.Low), "measured or stated p95"));
            }
            else if (PromptTokens(profile) >= 3000 && slo.Likely <= 2000)
            {
                promptLatency = Add(Belief.Assumed("latency.prompting", -slo.Likely, 0.5, $"{Sources.Tutorial}: long prompts slow the first token"));
            }
        }

        var share = profile.Cascade.StrongShare?.Likely ?? 0;
        var smallAlone = share * HardRequestMissRate;
        List<Check> PromptSide(int quality, double shift)
        {
            var checks = new List<Check> { new(Requirement.Quality, quality, shift) };
            Optional(checks, Requirement.Format, promptFormat);
            Optional(checks, Requirement.Style, promptStyle);
            Optional(checks, Requirement.Latency, promptLatency);
            return checks;
        }

        List<Check> TunedSide(int quality, double shift, int? style)
        {
            var checks = new List<Check> { new(Requirement.Quality, quality, shift) };
            Optional(checks, Requirement.Format, tunedFormat);
            Optional(checks, Requirement.Style, style);
            return checks;
        }

        var constraints = Constraints(profile, catalog, tunedRuledOut);
        var candidates = new List<Candidate>
        {
            new(OptionKind.Prompt, constraints.Prompt.Reason, constraints.Prompt.Id, PromptSide(prompt, 0)),
            new(OptionKind.FineTune, constraints.FineTune.Reason, constraints.FineTune.Id, TunedSide(tuned, smallAlone, tunedStyle)),
            new(OptionKind.FineTunePlusPrompt, constraints.FineTunePlusPrompt.Reason, constraints.FineTunePlusPrompt.Id, TunedSide(tunedWithPrompt, smallAlone, tunedStyle)),
            new(OptionKind.Cascade, cascadePriced ? constraints.Cascade.Reason : UnpricedCascade(profile),
                cascadePriced ? constraints.Cascade.Id : "cascade-share", cascadeQuality >= 0 ? PromptSide(cascadeQuality, 0) : PromptSide(prompt, RoutingLoss)),
            new(OptionKind.Distillation, constraints.Distillation.Reason, constraints.Distillation.Id,
                TunedSide(tunedMeasured ? tuned : prompt, (tunedMeasured ? 0 : DistillationGap) + smallAlone, promptStyle)),
        };
        return new OptionModel { Beliefs = beliefs, Candidates = candidates, Threshold = profile.Decision.FeasibilityThreshold };
    }

    private static string UnpricedCascade(UseCaseProfile profile) => profile.Cascade.StrongShare is null
        ? "no share of requests needing the strong model is known: set cascade.strongShare (a range is fine) to price a cascade"
        : $"the cheap tier has no price: '{profile.FineTuned.BaseModel}' is not a catalog model, so set cascade.cheapModel to one (or cascade.cheapTier: fine-tuned)";

    /// <summary>P(an option meets every requirement), the checks taken as independent.</summary>
    public double Feasibility(Candidate candidate, UseCaseProfile profile)
    {
        var p = 1.0;
        foreach (var check in candidate.Checks)
        {
            p *= Beliefs[check.Belief].ProbabilityAtLeast(ThresholdOf(check, profile) + check.Shift);
        }

        return p;
    }

    /// <summary>Whether a measurement rules the option out: a measured belief whose 95 % interval lies wholly below what it needs.</summary>
    public string? MeasuredBelow(Candidate candidate, UseCaseProfile profile)
    {
        foreach (var check in candidate.Checks)
        {
            var belief = Beliefs[check.Belief];
            var needed = ThresholdOf(check, profile) + check.Shift;
            if (belief.MeasuredInterval is { } interval && interval.High < needed)
            {
                return $"{belief.Name} measured {Format.Percent(interval.Value)} on {Format.Count(belief.Trials)} items (95 % interval {Format.Percent(interval.Low)}–{Format.Percent(interval.High)}), below the {Format.Percent(needed)} needed";
            }
        }

        return null;
    }

    public static double ThresholdOf(Check check, UseCaseProfile profile) => check.Requirement switch
    {
        Requirement.Quality => profile.Quality.Bar.Likely,
        Requirement.Format => profile.Format.RequiredCompliance.Likely,
        Requirement.Latency => -(profile.Traffic.LatencySloP95Ms?.Likely ?? double.PositiveInfinity),
        _ => 0.5,
    };

    /// <summary>Labeled examples a tuned model can be trained on: the training set when more can be labeled, else what is on hand.</summary>
    public static double AvailableExamples(UseCaseProfile profile) =>
        profile.Data.CanLabelMore ? profile.FineTuned.TrainingExamples.Likely : Math.Min(profile.FineTuned.TrainingExamples.Likely, profile.Data.LabeledExamples.Likely);

    private static void Optional(List<Check> checks, Requirement requirement, int? belief)
    {
        if (belief is { } index)
        {
            checks.Add(new Check(requirement, index, 0));
        }
    }

    private static double PromptTokens(UseCaseProfile profile) =>
        profile.Prompted.SystemPromptTokens.Likely + (profile.Prompted.FewShotCount.Likely * profile.Prompted.TokensPerExample.Likely) + profile.Prompted.InputTokens.Likely;

    private static Belief QualityBelief(string name, Estimate? value, int? items, double reference, (double Probability, string Source) prior) => value switch
    {
        { } v when items is { } n => Belief.Measured(name, v.Likely, n, $"measured on {n:#,0} items"),
        { } v => Belief.StatedAs(name, v, "profile (no item count: taken as stated)"),
        _ => Belief.Assumed(name, reference, prior.Probability, prior.Source),
    };

    /// <summary>Unmeasured prompting: frontier models prompt well on general tasks and fall short in specialized domains (seed 000, 002).</summary>
    private static (double, string) PromptPrior(UseCaseProfile profile) => profile.Domain switch
    {
        DomainSpecialization.General => (0.85, $"{Sources.Framework}: general tasks are where prompted frontier models do well"),
        DomainSpecialization.Moderate => (0.75, $"{Sources.Framework}: prompting with examples usually copes with some domain language"),
        _ => (0.4, $"{Sources.Explainer}: specialized domains are where prompting falls short (medical coding 67%)"),
    };

    /// <summary>Unmeasured fine-tuning: gains from 50–100 examples, robust classification from a few hundred, robust generation from thousands (seed 002, 003).</summary>
    private static (double, string) TunedPrior(UseCaseProfile profile)
    {
        var n = AvailableExamples(profile);
        if (profile.Data.ExamplesNeeded is { } needed)
        {
            return n >= needed ? (0.9, $"{Sources.LearningCurve}: {needed:#,0} examples beat the prompt") : (0.2, $"{Sources.LearningCurve}: {needed:#,0} needed, {n:#,0} available");
        }

        if (profile.Data.NotBeatenUpTo is { } tried)
        {
            return (0.2, $"{Sources.LearningCurve}: up to {tried:#,0} examples did not beat the prompt");
        }

        var robust = CostInputs.RobustExamples(profile.Task);
        return n switch
        {
            < 50 => (0.1, $"{Sources.CriteriaCard}: fewer than 50 examples are too few to fine-tune"),
            _ when n < robust => (0.55, $"{Sources.Explainer}: {n:#,0} examples show gains (50–100 suffice for LoRA) but fall short of the {robust:#,0} for robust results"),
            _ => (0.8, $"{Sources.CriteriaCard}: {n:#,0} examples reach the {robust:#,0} for robust results"),
        };
    }

    private sealed record Exclusion(string? Id, string? Reason)
    {
        public static Exclusion None { get; } = new(null, null);
    }

    private sealed record Exclusions(Exclusion Prompt, Exclusion FineTune, Exclusion FineTunePlusPrompt, Exclusion Cascade, Exclusion Distillation);

    /// <summary>Constraints, in order of precedence: each rules options out instead of weighing against them.</summary>
    private static Exclusions Constraints(UseCaseProfile profile, PriceCatalog catalog, string? tunedRuledOut)
    {
        if (profile.Stage == Stage.Prototype)
        {
            var prototype = new Exclusion("prototype-stage", "the use case is still a prototype: don't invest in training or routing before product-market fit (seed 000)");
            return new Exclusions(Exclusion.None, prototype, prototype, prototype, prototype);
        }

        Exclusion tunedExclusion = Exclusion.None;
        if (profile.Data.LabeledExamples.Likely < 50 && !profile.Data.CanLabelMore)
        {
            tunedExclusion = new("no-labeled-data", $"only {profile.Data.LabeledExamples.Likely:0} labeled examples and no way to label more");
        }
        else if (profile.Data.ExamplesNeeded is { } needed && !profile.Data.CanLabelMore && profile.Data.LabeledExamples.Likely < needed)
        {
            tunedExclusion = new("labeled-data", $"a learning curve needs {needed:#,0} examples; only {profile.Data.LabeledExamples.Likely:#,0} exist and no more can be labeled");
        }

        var managed = profile.FineTuned.Hosting == Hosting.Managed;
        var anyTuned = Exclusion.None;
        if (managed && profile.Team.SelfHostRequired)
        {
            anyTuned = new("self-hosting", "the model must be self-hosted, which rules out a managed fine-tune: set fineTuned.hosting: self-hosted to price one");
        }
        else if (managed && catalog.FindModel(profile.FineTuned.BaseModel)?.FineTuning is { AcceptsNewJobs: false } ft)
        {
            anyTuned = new("lock-in-and-availability", $"{profile.FineTuned.BaseModel}: the provider takes no new fine-tuning jobs ({ft.Availability ?? "see catalog"})");
        }
        else if (managed && tunedRuledOut is not null)
        {
            anyTuned = new("lock-in-and-availability", $"model lifetime: {tunedRuledOut}");
        }

        var stale = RetrievalForced(profile)
            ? new Exclusion("knowledge-freshness", $"the facts change {profile.KnowledgeChanges.ToString().ToLowerInvariant()}: a tuned model alone goes stale, so retrieval rides on every option (fine-tune + prompt carries it)")
            : Exclusion.None;
        var fineTune = First(anyTuned, tunedExclusion, stale);
        var fineTunePlusPrompt = First(anyTuned, tunedExclusion);
        var cascade = profile.Cascade.CheapTier == CascadeTier.FineTuned ? First(anyTuned, tunedExclusion) : Exclusion.None;
        var enoughLabels = profile.Data.LabeledExamples.Likely >= profile.FineTuned.TrainingExamples.Likely
            ? new Exclusion("labeled-data", $"{profile.Data.LabeledExamples.Likely:#,0} labeled examples already cover the fine-tune's {profile.FineTuned.TrainingExamples.Likely:#,0}: distilling a teacher's labels adds nothing")
            : Exclusion.None;
        var distillation = First(anyTuned, profile.Distillation.Labeler == Labeler.People ? tunedExclusion : Exclusion.None, stale, enoughLabels);
        return new Exclusions(Exclusion.None, fineTune, fineTunePlusPrompt, cascade, distillation);
    }

    private static Exclusion First(params Exclusion[] exclusions) => exclusions.FirstOrDefault(e => e.Reason is not null) ?? Exclusion.None;
}
