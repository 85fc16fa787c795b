using Crossover.Core.Catalog;
using Crossover.Core.Economics;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>
/// The framework's criteria, one method each: what it reads, which way it points, how strongly (0–1), one line of
/// explanation and its source. Weights are documented in docs/decision.md; a rule that does not apply returns null.
/// </summary>
internal static class FrameworkRules
{
    private static readonly Func<UseCaseProfile, EconomicsResult, PriceCatalog, Criterion?>[] Rules =
    [
        Volume, QualityBar, Format, FewShot, Latency, Domain, BrandVoice, LabeledData, BehaviorChanges, Knowledge, TeamSkills, LockIn, SelfHosting,
    ];

    /// <summary>Evaluates every rule that applies, strongest first, each saying how it entered the decision.</summary>
    public static IReadOnlyList<Criterion> Evaluate(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog) =>
        [.. Rules.Select(rule => rule(profile, economics, catalog)).OfType<Criterion>().Select(c => c with { Entered = RoleOf(c, profile) }).OrderByDescending(c => c.Weight)];

    private static CriterionRole RoleOf(Criterion criterion, UseCaseProfile profile) => criterion.Id switch
    {
        "volume-vs-break-even" or "few-shot-count" or "behavior-changes" => CriterionRole.Cost,
        "quality-bar" or "format-compliance" or "latency-slo" or "specialized-domain" or "brand-voice" => CriterionRole.Prior,
        "labeled-data" => profile.Data.CanLabelMore || profile.Data.LabeledExamples.Likely >= 50 ? CriterionRole.Prior : CriterionRole.Constraint,
        "knowledge-freshness" or "self-hosting" => CriterionRole.Constraint,
        "lock-in-and-availability" when criterion.Weight >= 0.5 => CriterionRole.Constraint,
        _ => CriterionRole.Explanation,
    };

    /// <summary>The average monthly volume over the horizon.</summary>
    public static double AverageVolume(EconomicsResult economics) =>
        economics.RequestsPerMonth.Count == 0 ? 0 : economics.RequestsPerMonth.Average();

    private static Criterion Volume(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog)
    {
        const string Id = "volume-vs-break-even";
        const string Title = "Volume vs break-even";
        var volume = AverageVolume(economics);
        var prompt = economics.Options[0];
        var tuned = economics.Options[1];
        if (economics.BreakEvenRequestsPerMonth is not { } breakEven)
        {
            return new(Id, Title, Direction.PromptEngineering, 0.6,
                $"Fine-tuning never pays back: {economics.BreakEvenNote}.", Sources.Tutorial);
        }

        var ratio = breakEven <= 0 ? double.PositiveInfinity : volume / breakEven;
        var text = $"{Formatting.Format.Count(volume)} requests/month on average vs a break-even of {Formatting.Format.Count(breakEven)}/month; per request {Formatting.Format.Usd(prompt.CostPerRequestUsd)} prompted vs {Formatting.Format.Usd(tuned.CostPerRequestUsd)} fine-tuned";
        return ratio switch
        {
            >= 2 => new(Id, Title, Direction.FineTuning, 0.9, $"{text}: per-call cost dominates at this scale.", Sources.Framework),
            >= 1 => new(Id, Title, Direction.FineTuning, 0.6, $"{text}: fine-tuning pays back within the horizon.", Sources.Framework),
            >= 0.5 => new(Id, Title, Direction.Neutral, 0.2, $"{text}: close to break-even; growth decides.", Sources.Tutorial),
            _ => new(Id, Title, Direction.PromptEngineering, 0.6, $"{text}: the workload is too small for fine-tuning to pay back.", Sources.Framework),
        };
    }

    private static Criterion? QualityBar(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog)
    {
        const string Id = "quality-bar";
        const string Title = "Quality bar vs prompting";
        var bar = profile.Quality.Bar.Likely;
        if (profile.Quality.Prompting is not { } measured)
        {
            return new(Id, Title, Direction.Neutral, 0,
                $"Prompting quality is not measured yet (bar {Formatting.Format.Percent(bar)}): measure it before deciding to fine-tune.", Sources.CriteriaCard);
        }

        var q = measured.Likely;
        var gap = bar - q;
        return gap switch
        {
            <= 0 => new(Id, Title, Direction.PromptEngineering, 0.7, $"Prompting reaches {Formatting.Format.Percent(q)} against a bar of {Formatting.Format.Percent(bar)}.", Sources.Framework),
            > 0.1 => new(Id, Title, Direction.FineTuning, 0.9, $"Prompting reaches {Formatting.Format.Percent(q)}, {Formatting.Format.Percent(gap)} short of the {Formatting.Format.Percent(bar)} bar: a gap prompt iteration rarely closes.", Sources.Explainer),
            _ => new(Id, Title, Direction.FineTuning, 0.4, $"Prompting reaches {Formatting.Format.Percent(q)}, {Formatting.Format.Percent(gap)} short of the {Formatting.Format.Percent(bar)} bar: iterate on the prompt first, fine-tune if the gap stays.", Sources.CriteriaCard),
        };
    }

    private static Criterion? Format(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog)
    {
        const string Id = "format-compliance";
        const string Title = "Format strictness vs compliance";
        var required = profile.Format.RequiredCompliance.Likely;
        var measured = profile.Quality.PromptingFormatCompliance?.Likely;
        return profile.Format.Strictness switch
        {
            FormatStrictness.Strict when measured is { } m && m < required =>
                new(Id, Title, Direction.FineTuning, 0.9, $"A strict format needs {Formatting.Format.Percent(required)} compliance; prompting measures {Formatting.Format.Percent(m)}.", Sources.Framework),
            FormatStrictness.Strict when measured is { } m =>
                new(Id, Title, Direction.PromptEngineering, 0.3, $"Prompting already meets the strict format ({Formatting.Format.Percent(m)} ≥ {Formatting.Format.Percent(required)}).", Sources.Framework),
            FormatStrictness.Strict =>
                new(Id, Title, Direction.FineTuning, 0.5, $"A strict format ({Formatting.Format.Percent(required)} compliance) is where prompting is best-effort and fine-tuning more reliable; measure compliance.", Sources.Framework),
            FormatStrictness.Soft when measured is { } m && m < required =>
                new(Id, Title, Direction.FineTuning, 0.3, $"Prompting's format compliance {Formatting.Format.Percent(m)} is under the {Formatting.Format.Percent(required)} wanted.", Sources.CriteriaCard),
            _ => null,
        };
    }

    private static Criterion? FewShot(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog)
    {
        const string Id = "few-shot-count";
        const string Title = "Few-shot examples needed";
        var shots = profile.Prompted.FewShotCount.Likely;
        return shots switch
        {
            >= 20 => new(Id, Title, Direction.FineTuning, 0.6, $"The prompt needs {shots:0} few-shot examples (20+ makes prompts unwieldy and expensive).", Sources.Framework),
            >= 10 => new(Id, Title, Direction.FineTuning, 0.2, $"The prompt carries {shots:0} few-shot examples, approaching the 20+ trigger.", Sources.Framework),
            _ => null,
        };
    }

    private static Criterion? Latency(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog)
    {
        const string Id = "latency-slo";
        const string Title = "Latency SLO vs prompt length";
        if (profile.Traffic.LatencySloP95Ms is not { } sloEstimate)
        {
            return null;
        }

        var slo = sloEstimate.Likely;
        var promptTokens = economics.Options[0].PerRequest.PromptTokens;
        var tunedTokens = economics.Options[1].PerRequest.PromptTokens;
        if (profile.Quality.PromptingLatencyP95Ms is { } measured)
        {
            return measured.Likely > slo
                ? new(Id, Title, Direction.FineTuning, 0.7, $"Prompting's p95 latency {measured.Likely:0} ms misses the {slo:0} ms SLO; a fine-tuned model skips {promptTokens - tunedTokens:0} prompt tokens.", Sources.Tutorial)
                : new(Id, Title, Direction.Neutral, 0.1, $"Prompting's p95 latency {measured.Likely:0} ms meets the {slo:0} ms SLO.", Sources.Tutorial);
        }

        return promptTokens >= 3000 && slo <= 2000
            ? new(Id, Title, Direction.FineTuning, 0.4, $"A {promptTokens:0}-token prompt under a {slo:0} ms p95 SLO; a fine-tuned model needs {tunedTokens:0}. Measure latency.", Sources.Tutorial)
            : null;
    }

    private static Criterion Domain(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog) => profile.Domain switch
    {
        DomainSpecialization.Specialized => new("specialized-domain", "Domain specialization", Direction.FineTuning, 0.5,
            "A specialized domain's language and judgement are what fine-tuning adapts and prompting often cannot reach.", Sources.Framework),
        DomainSpecialization.Moderate => new("specialized-domain", "Domain specialization", Direction.FineTuning, 0.2,
            "Some domain-specific language; prompting with examples usually copes.", Sources.Framework),
        _ => new("specialized-domain", "Domain specialization", Direction.PromptEngineering, 0.2,
            "A general domain, where frontier models with prompting do well.", Sources.Framework),
    };

    private static Criterion? BrandVoice(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog)
    {
        const string Id = "brand-voice";
        const string Title = "Style or brand voice";
        var volume = AverageVolume(economics);
        return profile.Style switch
        {
            StyleNeed.Strong when volume >= 100_000 => new(Id, Title, Direction.FineTuning, 0.8,
                $"A consistent voice at scale ({Formatting.Format.Count(volume)} requests/month) is baked in reliably by fine-tuning.", Sources.Framework),
            StyleNeed.Strong => new(Id, Title, Direction.FineTuning, 0.7,
                "The tone matters and prompting leaves it generic; fine-tuning on great examples internalizes it.", Sources.Explainer),
            StyleNeed.Some => new(Id, Title, Direction.FineTuning, 0.2, "Some style need; examples in the prompt often suffice.", Sources.Framework),
            _ => null,
        };
    }

    private static Criterion LabeledData(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog)
    {
        const string Id = "labeled-data";
        const string Title = "Labeled data available";
        var n = profile.Data.LabeledExamples.Likely;
        var pairs = profile.Data.PreferencePairs.Likely;
        var pairText = pairs > 0 ? $" and {Formatting.Format.Count(pairs)} preference pairs" : string.Empty;
        if (profile.Data.NotBeatenUpTo is { } tried)
        {
            return new(Id, Title, Direction.PromptEngineering, 0.5,
                $"Measured: fine-tuned on up to {Formatting.Format.Count(tried)} examples, the model did not beat the prompt; more data is an unproven bet.", Sources.LearningCurve);
        }

        if (profile.Data.ExamplesNeeded is { } needed)
        {
            var shortfall = needed - n;
            return shortfall <= 0
                ? new(Id, Title, Direction.FineTuning, 0.5, $"Measured: {Formatting.Format.Count(needed)} examples already beat the prompt, and {Formatting.Format.Count(n)} are on hand.", Sources.LearningCurve)
                : profile.Data.CanLabelMore
                    ? new(Id, Title, Direction.FineTuning, 0.2,
                        $"Measured: {Formatting.Format.Count(needed)} examples beat the prompt; {Formatting.Format.Count(n)} are on hand, labeling the other {Formatting.Format.Count(shortfall)} costs {Formatting.Format.Usd(shortfall * profile.Data.CostPerLabelUsd.Likely)}.", Sources.LearningCurve)
                    : new(Id, Title, Direction.PromptEngineering, 0.6,
                        $"Measured: {Formatting.Format.Count(needed)} examples beat the prompt, but only {Formatting.Format.Count(n)} exist and no more can be labeled.", Sources.LearningCurve);
        }

        return n switch
        {
            >= 1000 => new(Id, Title, Direction.FineTuning, 0.4, $"{Formatting.Format.Count(n)} labeled examples{pairText}: enough for robust fine-tuning (thousands recommended).", Sources.CriteriaCard),
            >= 50 => new(Id, Title, Direction.FineTuning, 0.15, $"{Formatting.Format.Count(n)} labeled examples{pairText}: enough for LoRA-style tuning to show gains (50–100), short of the thousands for robust results.", Sources.Explainer),
            _ => new(Id, Title, Direction.PromptEngineering, 0.6, $"Only {Formatting.Format.Count(n)} labeled examples: too few to fine-tune.", Sources.CriteriaCard),
        };
    }

    private static Criterion BehaviorChanges(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog)
    {
        const string Id = "behavior-changes";
        const string Title = "How often the behaviour changes";
        var every = Names(profile.BehaviorChanges);
        return profile.BehaviorChanges switch
        {
            ChangeFrequency.Daily or ChangeFrequency.Weekly => new(Id, Title, Direction.PromptEngineering, 0.7,
                $"The desired behaviour changes {every}: each change would need a retrain, a prompt changes instantly.", Sources.CriteriaCard),
            ChangeFrequency.Monthly => new(Id, Title, Direction.PromptEngineering, 0.3,
                $"The behaviour changes {every}: prompts iterate faster than retraining.", Sources.Tutorial),
            _ => new(Id, Title, Direction.FineTuning, 0.1, $"The behaviour is stable (changes {every}), so a tuned model stays valid.", Sources.CriteriaCard),
        };
    }

    private static Criterion? Knowledge(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog) => profile.KnowledgeChanges switch
    {
        ChangeFrequency.Daily or ChangeFrequency.Weekly or ChangeFrequency.Monthly => new("knowledge-freshness", "Changing knowledge", Direction.Retrieval, 0.8,
            $"The facts change {Names(profile.KnowledgeChanges)}: retrieval (RAG) keeps answers current; fine-tuning does not reliably teach facts.", Sources.Framework),
        _ => null,
    };

    private static Criterion TeamSkills(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog) => profile.Team.MlExpertise switch
    {
        Expertise.None => new("team-skills", "Team ML skills", Direction.PromptEngineering, profile.FineTuned.Hosting == Hosting.Managed ? 0.3 : 0.5,
            "No ML expertise: training runs, data curation and regression testing of tuned models are hard to staff.", Sources.Tutorial),
        Expertise.Some => new("team-skills", "Team ML skills", Direction.Neutral, 0.1, "Some ML expertise: managed fine-tuning is within reach.", Sources.Tutorial),
        _ => new("team-skills", "Team ML skills", Direction.FineTuning, 0.2, "Strong ML expertise: fine-tuning and its upkeep can be staffed.", Sources.Tutorial),
    };

    private static Criterion? LockIn(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog)
    {
        const string Id = "lock-in-and-availability";
        const string Title = "Lock-in and provider availability";
        if (profile.FineTuned.Hosting != Hosting.Managed)
        {
            return null;
        }

        var ft = catalog.FindModel(profile.FineTuned.BaseModel)?.FineTuning;
        if (ft is { AcceptsNewJobs: false })
        {
            return new(Id, Title, Direction.PromptEngineering, 0.6,
                $"{profile.FineTuned.BaseModel}: the provider does not accept new fine-tuning jobs ({ft.Availability ?? "see catalog"}); pick another base model.", Sources.Catalog);
        }

        return profile.Team.LockInTolerance == Level.Low
            ? new(Id, Title, Direction.PromptEngineering, 0.3, "Low tolerance for lock-in: a managed fine-tune ties you to one provider's base model.", Sources.Framework)
            : null;
    }

    private static Criterion? SelfHosting(UseCaseProfile profile, EconomicsResult economics, PriceCatalog catalog) =>
        profile.Team.SelfHostRequired
            ? new("self-hosting", "Data residency", Direction.FineTuning, 0.3,
                "The model must be self-hosted: small open models usually need fine-tuning to match frontier prompting.", Sources.Framework)
            : null;

    private static string Names(ChangeFrequency frequency) => frequency switch
    {
        ChangeFrequency.Daily => "daily",
        ChangeFrequency.Weekly => "weekly",
        ChangeFrequency.Monthly => "monthly",
        ChangeFrequency.Quarterly => "quarterly",
        _ => "rarely",
    };
}
