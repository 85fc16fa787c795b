using Crossover.Core.Economics;
using Crossover.Reports.Charts;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>What the profile's ranges do to the answer: the tornado of inputs and the Monte Carlo distribution.</summary>
internal sealed class UncertaintySection : IReportSection
{
    private static readonly string[] Percentiles = ["p5", "p25", "p50", "p75", "p95"];

    public string Id => "uncertainty";

    public string Title => "Uncertainty";

    public bool AppliesTo(ReportContext context) => context.Decision.Uncertainty is not null;

    public void Write(ReportContext context, IReportWriter writer)
    {
        var decision = context.Decision;
        var uncertainty = decision.Uncertainty!;
        var economics = decision.Economics;
        var horizon = economics.HorizonMonths;
        var prompt = economics.Options.FirstOrDefault(o => o.Approach == Approach.PromptEngineering);
        var tuned = economics.Options.FirstOrDefault(o => o.Approach == Approach.FineTuning);
        var baseline = prompt is not null && tuned is not null ? prompt.TotalUsd - tuned.TotalUsd : 0;

        if (uncertainty.Sensitivity.Count > 0)
        {
            writer.Chart(UncertaintyCharts.Tornado(uncertainty.Sensitivity, baseline, horizon));
            var rows = uncertainty.Sensitivity.Select(r => (IReadOnlyList<Cell>)
            [
                r.Input,
                $"{Format.Quantity(r.Low)} / {Format.Quantity(r.Likely)} / {Format.Quantity(r.High)}",
                Format.Usd(r.SavingAtLowUsd),
                Format.Usd(r.SavingAtHighUsd),
                r.CheapestFlipsAt is { } c ? Format.Quantity(c) : "no",
                r.RecommendationFlipsAt is { } f ? $"{Format.Quantity(f)} → {r.RecommendationAtFlip}" : "no",
            ]).ToList();
            writer.Table(new ReportTable(
                ["Input", "Low / likely / high", "Saving at low", "Saving at high", "Cheaper flips at", "Answer flips at"],
                rows, new HashSet<int> { 2, 3 }));
        }

        var monteCarlo = uncertainty.MonteCarlo;
        if (monteCarlo.Draws == 0)
        {
            return;
        }

        writer.Chart(UncertaintyCharts.MonteCarlo(monteCarlo, horizon));
        var percentiles = Percentiles.Where(monteCarlo.SavingPercentilesUsd.ContainsKey).ToList();
        if (percentiles.Count > 0)
        {
            writer.Table(new ReportTable(
                ["Saving from fine-tuning", .. percentiles],
                [["USD over " + horizon + " months", .. percentiles.Select(p => (Cell)Format.Usd(monteCarlo.SavingPercentilesUsd[p]))]],
                Enumerable.Range(1, percentiles.Count).ToHashSet()));
        }

        writer.Note($"Prompting is cheapest in {Format.Percent(monteCarlo.ProbabilityPromptCheapest)} of draws and fine-tuning in {Format.Percent(monteCarlo.ProbabilityFineTuningCheapest)}.");
    }
}
