using System.Globalization;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>The fine-tuning jobs behind the tuned candidates: where each stands, what it trained and what training cost.</summary>
internal sealed class TuningJobsSection : IReportSection
{
    public string Id => "tuning-jobs";

    public string Title => "Fine-tuning jobs";

    public bool AppliesTo(ReportContext context) => context.Jobs is { Count: > 0 };

    public void Write(ReportContext context, IReportWriter writer)
    {
        var jobs = context.Jobs!;
        var succeeded = jobs.Count(j => j.Status == "succeeded");
        var failed = jobs.Count(j => j.Status is "failed" or "cancelled");
        var spent = jobs.Where(j => j.TrainingCostUsd is not null).Sum(j => j.TrainingCostUsd!.Value);
        // A local job costs machine time, not a per-token price, so only managed jobs can lack a price.
        var unpriced = jobs.Count(j => j.Backend != "local" && j.TrainedTokens is not null && j.TrainingCostUsd is null);
        writer.Figures(
        [
            new KeyFigure("Jobs", Format.Number(jobs.Count, 0), $"{succeeded} succeeded, {failed} failed or cancelled, {jobs.Count - succeeded - failed} still running"),
            new KeyFigure("Training spend", Format.Usd(spent), unpriced > 0 ? $"{unpriced} job(s) without a catalog training price" : "trained tokens × the catalog's training price",
                unpriced > 0 ? Tone.Warning : Tone.Neutral),
        ]);
        writer.Table(new ReportTable(
            ["Job", "Backend", "Base model", "Status", "Tuned model → candidate", "Trained tokens", "Training cost", "Finished"],
            jobs.Select(j => (IReadOnlyList<Cell>)
            [
                j.Id,
                j.Backend == "local" ? "local LoRA" : j.Provider,
                Path.GetFileName(Path.TrimEndingDirectorySeparator(j.BaseModel)) is { Length: > 0 } name ? name : j.BaseModel,
                new Cell(j.Error is null ? j.Status : $"{j.Status}: {j.Error}", j.Status switch
                {
                    "succeeded" => Tone.Good,
                    "failed" or "cancelled" => Tone.Warning,
                    _ => Tone.Neutral,
                }),
                j.FineTunedModel is null ? "-" : $"{j.FineTunedModel} → {j.CandidateName}",
                j.TrainedTokens is { } tokens ? Format.Number(tokens, 0) : "-",
                j.TrainingCostUsd is { } cost ? Format.Usd(cost) : "-",
                j.FinishedAt is { } at ? at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "-",
            ]).ToList(),
            new HashSet<int> { 5, 6 }));
        writer.Note("Jobs from the run store (crossover tune start; docs/tuning-jobs.md). A succeeded job's model is a candidate of its experiment, so crossover eval measures it beside the prompts. Local LoRA jobs list the tokens they trained on; their cost is the machine's time (the profile's GPU-hours), not a token price.");
    }
}
