using Crossover.Reports.Charts;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>The measured waterfall: cascades of the run's candidates, calibrated on dev, on the quality/cost frontier on test.</summary>
internal sealed class CascadeSection : IReportSection
{
    public string Id => "cascades";

    public string Title => "Cascades";

    public bool AppliesTo(ReportContext context) => context.Cascades is { Options.Count: > 0 };

    public void Write(ReportContext context, IReportWriter writer)
    {
        var analysis = context.Cascades!;
        writer.Paragraph($"Run {analysis.RunId}: {analysis.Options.Count(o => o.IsCascade)} cascades of its candidates simulated on the stored answers (no model called). Each threshold was chosen on the {analysis.DevItems} dev items; every figure below is on the {analysis.TestItems} test items, compared with {analysis.Strongest}, the strongest single candidate on dev.");
        var recommended = analysis.Recommended is { } name ? analysis.Option(name) : null;
        writer.Figures(recommended is null
            ? [new KeyFigure("Recommended", "none", analysis.Recommendation, Tone.Warning)]
            :
            [
                new KeyFigure("Recommended", recommended.Name, analysis.Recommendation, Tone.Good),
                new KeyFigure(analysis.Metric, Format.PercentInterval(recommended.Quality.Value, recommended.Quality.Low, recommended.Quality.High), $"{analysis.Strongest}: {Format.Percent(analysis.Option(analysis.Strongest).Quality.Value)}"),
                new KeyFigure("USD per 1,000", Format.Usd(recommended.CostPer1kUsd), $"{analysis.Strongest}: {Format.Usd(analysis.Option(analysis.Strongest).CostPer1kUsd)}"),
            ]);
        writer.Chart(CascadeCharts.QualityVersusCost(analysis));
        var shown = analysis.Options.Where(o => analysis.Frontier.Contains(o.Name) || o.Name == analysis.Recommended || o.Name == analysis.Strongest).ToList();
        writer.Table(new ReportTable(
            ["Option", "Threshold", $"{analysis.Metric} (95 %)", $"vs {analysis.Strongest}, points (95 %)", "USD per 1,000", "Answered by stage", "Format compliance", "p95 latency"],
            shown.Select(o => (IReadOnlyList<Cell>)
            [
                new Cell(o.Name, o.Name == analysis.Recommended ? Tone.Good : Tone.None),
                o.Threshold is { } t ? Format.Number(t, 3) : "-",
                Format.PercentInterval(o.Quality.Value, o.Quality.Low, o.Quality.High),
                $"{Points(o.VersusStrongest.Difference)} ({Points(o.VersusStrongest.Low)} to {Points(o.VersusStrongest.High)})",
                Format.Usd(o.CostPer1kUsd),
                string.Join(" / ", o.AnsweredShare.Select(Format.Percent)),
                Format.Percent(o.FormatCompliance),
                $"{Format.Number(o.LatencyP95Ms, 0)} ms",
            ]).ToList(),
            new HashSet<int> { 1, 2, 3, 4, 7 }));
        writer.Note("Shown: the frontier, the strongest single candidate and the recommendation. A cascade pays for every stage an item reaches (every sample under the agreement gate, the judge call under the judge gate) and waits for them in turn. Export one with 'crossover cascade RUN --export cascade.json' and run it with UseCascade (docs/cascades.md).");
    }

    private static string Points(double difference) =>
        (difference >= 0 ? "+" : "−") + Format.Number(Math.Abs(difference) * 100, 1);
}
