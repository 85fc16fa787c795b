using Crossover.Core.Economics;
using Crossover.Reports.Charts;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>What each approach costs: per request (caching shown apart), per month against volume, and over the horizon.</summary>
internal sealed class EconomicsSection : IReportSection
{
    public string Id => "economics";

    public string Title => "Economics";

    public bool AppliesTo(ReportContext context) => context.Decision.Economics.Options.Count > 0;

    public void Write(ReportContext context, IReportWriter writer)
    {
        var economics = context.Decision.Economics;
        writer.Figures(economics.Options.Select(o => new KeyFigure(
            $"{Format.Label(o.Approach)} over {economics.HorizonMonths} months",
            Format.Usd(o.TotalUsd),
            $"{o.Model}: {Format.Usd(o.CostPerRequestUsd)} per request",
            AnswerSection.ToneOf(o.Approach))).Append(new KeyFigure(
                "Break-even month",
                economics.BreakEvenMonth is { } month ? $"month {month}" : "none",
                economics.BreakEvenMonth is null ? "fine-tuning does not pay back within the horizon" : "the first month fine-tuning's cumulative cost is lower")).ToList());

        writer.Chart(EconomicsCharts.CostPerRequest(economics));
        writer.Table(Breakdown(economics));
        writer.Chart(EconomicsCharts.MonthlyCostVsVolume(economics));
        writer.Chart(EconomicsCharts.CumulativeCost(economics));
        if (economics.Compute is { } compute)
        {
            writer.Subheading("Compute, without prices");
            writer.Table(ComputeTable(compute));
        }
    }

    private static ReportTable Breakdown(EconomicsResult economics)
    {
        var options = economics.Options;
        var rows = new List<IReadOnlyList<Cell>>();
        void Row(string label, Func<CostOption, string> value) => rows.Add([label, .. options.Select(o => (Cell)value(o))]);

        Row("Model", o => o.Model);
        Row("Instruction tokens", o => Format.Number(o.PerRequest.InstructionTokens, 0));
        Row("Few-shot example tokens", o => Format.Number(o.PerRequest.ExampleTokens, 0));
        Row("Input tokens (incl. retrieved context)", o => Format.Number(o.PerRequest.InputTokens, 0));
        Row("Output tokens", o => Format.Number(o.PerRequest.OutputTokens, 0));
        Row("Cacheable prompt tokens", o => Format.Number(o.PerRequest.CachedTokens, 0));
        Row("Input at full rate", o => Format.Usd(o.PerRequest.UncachedInputUsd));
        Row("Cached prefix (reads and writes)", o => Format.Usd(o.PerRequest.CacheUsd));
        Row("Output", o => Format.Usd(o.PerRequest.OutputUsd));
        Row("Self-hosted serving", o => Format.Usd(o.PerRequest.ServingUsd));
        Row("Per request, with caching", o => Format.Usd(o.CostPerRequestUsd));
        Row("Per request, without caching", o => Format.Usd(o.CostPerRequestWithoutCachingUsd));
        Row("One-off (engineering, labeling, first training)", o => Format.Usd(o.UpfrontUsd));
        Row("Fixed per month", o => Format.Usd(o.FixedMonthlyUsd));
        Row($"Total over {economics.HorizonMonths} months", o => Format.Usd(o.TotalUsd));
        var numeric = Enumerable.Range(1, options.Count).ToHashSet();
        return new ReportTable(["Per request and fixed costs", .. options.Select(o => Format.Label(o.Approach))], rows, numeric);
    }

    private static ReportTable ComputeTable(ComputeView compute)
    {
        var rows = new List<IReadOnlyList<Cell>>
        {
            new Cell[] { "Parameters of the tuned model", $"{Format.Number(compute.ParametersBillions, 1)} B" },
            new Cell[] { "Inference FLOPs per token", Format.Compact(compute.InferenceFlopsPerToken) },
            new Cell[] { "Training FLOPs per token", Format.Compact(compute.TrainingFlopsPerToken) },
            new Cell[] { "Training tokens per run", Format.Compact(compute.TrainingTokens) },
            new Cell[] { "Training FLOPs per run", compute.TrainingFlops.ToString("0.00e0", System.Globalization.CultureInfo.InvariantCulture) },
            new Cell[] { "Inference FLOPs, first month", compute.InferenceFlopsPerMonth.ToString("0.00e0", System.Globalization.CultureInfo.InvariantCulture) },
            new Cell[] { "FLOPs per fine-tuned request", compute.TunedFlopsPerRequest.ToString("0.00e0", System.Globalization.CultureInfo.InvariantCulture) },
        };
        if (compute.PromptedFlopsPerRequest is { } prompted)
        {
            rows.Add(new Cell[] { "Parameters of the prompted model", $"{Format.Number(compute.PromptedParametersBillions ?? 0, 1)} B" });
            rows.Add(new Cell[] { "FLOPs per prompted request", prompted.ToString("0.00e0", System.Globalization.CultureInfo.InvariantCulture) });
            rows.Add(new Cell[] { "Prompted inference FLOPs, first month", (compute.PromptedInferenceFlopsPerMonth ?? 0).ToString("0.00e0", System.Globalization.CultureInfo.InvariantCulture) });
            rows.Add(new Cell[] { "Requests until training pays back in FLOPs", compute.ComputeBreakEvenRequests is { } requests ? Format.Compact(requests) : "never (a tuned request is not cheaper in FLOPs)" });
        }

        if (compute.Gpu is { } gpu)
        {
            rows.Add(new Cell[] { "GPU", $"{gpu} at {Format.Percent(compute.Utilization)} utilization" });
        }

        if (compute.TrainingGpuHours is { } training)
        {
            rows.Add(new Cell[] { "GPU-hours per training run", Format.Number(training, 1) });
        }

        if (compute.InferenceGpuHoursPerMonth is { } inference)
        {
            rows.Add(new Cell[] { "GPU-hours of inference, first month", Format.Number(inference, 1) });
        }

        return new ReportTable(["Quantity", "Value"], rows, new HashSet<int> { 1 });
    }
}
