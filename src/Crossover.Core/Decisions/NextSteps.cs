using Crossover.Core.Catalog;
using Crossover.Core.Economics;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>Concrete next steps that follow from a decision and the gaps in what is known.</summary>
internal static class NextSteps
{
    public static IReadOnlyList<string> For(
        UseCaseProfile profile, EconomicsResult economics, IReadOnlyList<Criterion> criteria, Approach approach, HybridPattern? pattern,
        bool retrieval, TuningMethod? method, PriceCatalog catalog)
    {
        var steps = new List<string>();
        var tuning = approach != Approach.PromptEngineering;
        var labeled = profile.Data.LabeledExamples.Likely;
        if (profile.Quality.Prompting is null)
        {
            steps.Add($"Measure prompting on {Math.Clamp(labeled, 100, 200):0} labeled examples first (crossover eval), before spending on training.");
        }

        if (retrieval)
        {
            steps.Add("Put the changing facts behind retrieval (RAG) and keep them out of training data: fine-tuning does not reliably teach facts.");
        }

        if (tuning && labeled < 1000 && profile.Data.CanLabelMore)
        {
            var more = 1000 - labeled;
            steps.Add($"Collect {more:#,0} more labeled examples (about {FrameworkRules.Usd(more * profile.Data.CostPerLabelUsd.Likely)}) for robust results; LoRA can show gains from 50–100.");
        }

        if (tuning && profile.FineTuned.Hosting == Hosting.Managed && catalog.FindModel(profile.FineTuned.BaseModel)?.FineTuning is { AcceptsNewJobs: false })
        {
            steps.Add($"Choose a base model whose provider still accepts new fine-tuning jobs instead of {profile.FineTuned.BaseModel} (crossover catalog list), or fine-tune an open model locally.");
        }

        switch (pattern)
        {
            case HybridPattern.FineTunePlusPrompt:
                steps.Add("Fine-tune on your best examples for tone/format only; keep per-request instructions and context in the prompt.");
                break;
            case HybridPattern.Cascade:
                steps.Add("Route routine requests to a cheap fine-tuned model and escalate uncertain ones to the prompted model; measure the share each handles.");
                break;
            case HybridPattern.Distillation:
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
        var minimum = catalog.FindModel(profile.Prompted.Model)?.MinCacheableTokens ?? int.MaxValue;
        if (profile.Prompted.CacheHitRate.Likely == 0 && staticPrefix >= minimum)
        {
            steps.Add($"Turn on prompt caching: the {staticPrefix:#,0}-token static prefix is cacheable and would cut per-request cost.");
        }

        if (approach == Approach.PromptEngineering && economics.BreakEvenRequestsPerMonth is { } breakEven && breakEven > 0)
        {
            steps.Add($"Revisit fine-tuning when volume nears {FrameworkRules.Count(breakEven)} requests/month (the break-even).");
        }

        return steps;
    }
}
