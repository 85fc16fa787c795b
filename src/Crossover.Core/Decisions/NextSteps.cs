using Crossover.Core.Catalog;
using Crossover.Core.Economics;
using Crossover.Core.Formatting;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>Concrete next steps: the measurements worth paying for (ranked by value of information), then what follows from the answer.</summary>
internal static class NextSteps
{
    public static IReadOnlyList<string> For(
        UseCaseProfile profile, EconomicsResult economics, OptionKind chosen, bool retrieval, TuningMethod? method, PriceCatalog catalog,
        IReadOnlyList<ValueOfInformation> valueOfInformation)
    {
        var steps = new List<string>();
        var tuning = chosen is OptionKind.FineTune or OptionKind.FineTunePlusPrompt or OptionKind.Distillation
            || (chosen == OptionKind.Cascade && profile.Cascade.CheapTier == CascadeTier.FineTuned);
        var labeled = profile.Data.LabeledExamples.Likely;
        var worthMeasuring = valueOfInformation
            .Where(v => v.Input != "everything" && v.CouldChangeAnswer && v.MeasurementCostUsd is { } cost && v.EvpiUsd > cost && v.EvpiUsd >= 1)
            .DistinctBy(v => v.Measurement)
            .Take(3)
            .ToList();
        foreach (var v in worthMeasuring)
        {
            var cost = v.MeasurementCostUsd is > 0 ? $"about {Format.Usd(v.MeasurementCostUsd.Value)}" : "no direct cost";
            steps.Add($"{char.ToUpperInvariant(v.Measurement[0])}{v.Measurement[1..]}: {cost}; could change the answer, worth up to {Format.Usd(v.EvpiUsd)} ({v.Input}).");
        }

        if (valueOfInformation.Count == 0 && profile.Quality.Prompting is null)
        {
            steps.Add($"Measure prompting on {Math.Clamp(labeled, 100, 200):0} labeled examples first (crossover eval), before spending on training.");
        }

        if (tuning && profile.Quality.PromptingItems is null)
        {
            // Seed 000: fine-tune only when prompting is provably insufficient; a hand-written prompt proves little.
            steps.Add("Prompting's quality here is assumed, not measured: search the prompt first (crossover optimize on the dev split, docs/optimize.md), then score it beside the tuned model (crossover eval), before concluding that prompting falls short.");
        }

        if (retrieval)
        {
            steps.Add("Put the changing facts behind retrieval (RAG) and keep them out of training data: fine-tuning does not reliably teach facts.");
        }

        if (tuning && profile.Team.MlExpertise == Expertise.None)
        {
            steps.Add(profile.FineTuned.Hosting == Hosting.Managed
                ? "The team has no ML expertise: stay on the managed route (the provider runs training and serving; crossover tune start) and budget for help with data curation and regression tests."
                : "The team has no ML expertise and the plan self-hosts: prefer a managed fine-tune if residency allows, or budget for someone who can run training, serving and regression tests.");
        }

        if (tuning && chosen != OptionKind.Distillation && labeled < 1000 && profile.Data.CanLabelMore)
        {
            var more = 1000 - labeled;
            steps.Add($"Collect {Format.Count(more)} more labeled examples (about {Format.Usd(more * profile.Data.CostPerLabelUsd.Likely)}) for robust results; LoRA can show gains from 50–100.");
        }

        if (profile.FineTuned.Hosting == Hosting.Managed && catalog.FindModel(profile.FineTuned.BaseModel)?.FineTuning is { AcceptsNewJobs: false })
        {
            steps.Add($"Choose a base model whose provider still accepts new fine-tuning jobs instead of {profile.FineTuned.BaseModel} (crossover catalog list), or fine-tune an open model locally.");
        }

        switch (chosen)
        {
            case OptionKind.FineTunePlusPrompt:
                steps.Add("Fine-tune on your best examples for tone/format only; keep per-request instructions and context in the prompt.");
                break;
            case OptionKind.Cascade:
                steps.Add("Route routine requests to the cheap tier and escalate uncertain ones to the prompted model; measure the share each handles and the cascade's quality (crossover eval).");
                break;
            case OptionKind.Distillation:
                steps.Add("Label unlabeled inputs with the prompted model, keep answers that pass the format checks, and fine-tune a smaller student on them (crossover tune distill).");
                break;
        }

        if (method == TuningMethod.PreferenceTuning)
        {
            steps.Add($"Run preference tuning (DPO) on the {profile.Data.PreferencePairs.Likely:#,0} chosen/rejected pairs after a short SFT warm-up.");
        }

        if (tuning)
        {
            steps.Add("Export the training set (crossover tune prepare) and run a learning curve (crossover tune curve) to see how much data the tuned model needs to beat the prompt.");
        }

        var prompt = economics.Options[0];
        var staticPrefix = prompt.PerRequest.InstructionTokens + prompt.PerRequest.ExampleTokens;
        var model = catalog.FindModel(profile.Prompted.Model);
        if (model is { CachedInput: not null } && profile.Prompted.CacheHitRate.Likely == 0 && staticPrefix >= model.MinCacheableTokens)
        {
            steps.Add($"Turn on prompt caching: the {staticPrefix:#,0}-token static prefix is cacheable and would cut per-request cost.");
        }

        if (chosen == OptionKind.Prompt && economics.BreakEvenRequestsPerMonth is { } breakEven && breakEven > 0)
        {
            steps.Add($"Revisit fine-tuning when volume nears {Format.Count(breakEven)} requests/month (the break-even).");
        }

        return steps;
    }
}
