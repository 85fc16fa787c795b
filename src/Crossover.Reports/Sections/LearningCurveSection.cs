using Crossover.Reports.Charts;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>How much data fine-tuning needs: the learning curve, the prompting baseline, the clearing size and what labeling it costs.</summary>
internal sealed class LearningCurveSection : IReportSection
{
    public string Id => "learning-curve";

    public string Title => "Learning curve";

    public bool AppliesTo(ReportContext context) => context.Curve is { Points.Count: > 0 };

    public void Write(ReportContext context, IReportWriter writer)
    {
        var curve = context.Curve!;
        var data = context.Decision.Profile.Data;
        var costPerLabel = curve.CostPerLabelUsd ?? data.CostPerLabelUsd.Likely;
        var costSource = curve.CostPerLabelUsd is null ? "the profile's data.costPerLabelUsd" : "the curve's --cost-per-label";
        writer.Paragraph($"Run {curve.RunId} ('{curve.Experiment}'): the local model {Path.GetFileName(Path.TrimEndingDirectorySeparator(curve.BaseModel))} LoRA-fine-tuned on nested, label-stratified subsets of the {Format.Number(curve.TrainSplitSize, 0)}-example train split, every adapter scored on the same test items by {curve.Metric}.");
        var figures = new List<KeyFigure>();
        if (curve.Baseline is { } baseline)
        {
            figures.Add(new KeyFigure("Best prompt", Format.PercentInterval(baseline.Quality.Value, baseline.Quality.Low, baseline.Quality.High), $"{baseline.Candidate} (run {baseline.RunId})"));
        }

        figures.Add(curve.ClearingSize is { } size
            ? new KeyFigure("Examples to beat it", Format.Number(size, 0), $"labeling them: {Format.Usd(size * costPerLabel)}", Tone.Good)
            : new KeyFigure("Examples to beat it", "none within the sizes tried", $"largest tried: {Format.Number(curve.Points[^1].Examples, 0)}", Tone.Warning));
        if (curve.ClearingSize is { } needed && data.LabeledExamples.Likely < needed)
        {
            var missing = needed - data.LabeledExamples.Likely;
            figures.Add(new KeyFigure("Still to label", Format.Number(missing, 0), $"{Format.Usd(missing * costPerLabel)} at {Format.Usd(costPerLabel)} each", Tone.Neutral));
        }

        writer.Figures(figures);
        writer.Chart(LearningCurveCharts.Quality(curve));
        writer.Table(new ReportTable(
            ["Examples", $"{curve.Metric} (95 %)", "Test items", "Training tokens", "Training time", "Labeling cost"],
            curve.Points.Select(p => (IReadOnlyList<Cell>)
            [
                new Cell(Format.Number(p.Examples, 0), p.Examples == curve.ClearingSize ? Tone.Good : Tone.None),
                Format.PercentInterval(p.Quality.Value, p.Quality.Low, p.Quality.High),
                Format.Number(p.Items, 0),
                Format.Number(p.TrainingTokens, 0),
                $"{Format.Number(p.TrainingSeconds, 1)} s",
                Format.Usd(p.Examples * costPerLabel),
            ]).ToList(),
            new HashSet<int> { 0, 1, 2, 3, 4, 5 }));
        writer.Note($"A size clears the baseline when the lower end of its 95 % interval is above the baseline's estimate (docs/learning-curve.md). Labeling cost is examples × {Format.Usd(costPerLabel)} from {costSource}. Training tokens count every example's prompt and answer once per epoch.");
    }
}
