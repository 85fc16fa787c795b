using Crossover.Evaluation.Curves;
using Crossover.Reports.Writers;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Crossover.Reports.Charts;

/// <summary>The learning curve: quality against training examples with interval whiskers, the baseline and the clearing size.</summary>
internal static class LearningCurveCharts
{
    /// <summary>
    /// Examples on a log axis (sizes usually double, so equal steps read as equal), the primary metric per size with its 95 %
    /// interval as a whisker, the prompting baseline as a dashed horizontal line and the clearing size as a vertical marker.
    /// </summary>
    public static ChartImage Quality(LearningCurve curve)
    {
        var plot = SvgChart.NewPlot();
        var xs = curve.Points.Select(p => Math.Log10(p.Examples)).ToArray();
        var color = SvgChart.FineTuneColor;
        if (curve.Baseline is { } baseline)
        {
            var band = plot.Add.VerticalSpan(baseline.Quality.Low, baseline.Quality.High);
            band.FillStyle.Color = SvgChart.PromptColor.WithAlpha(0.12);
            // The band's pale fill is below 3:1 against white, so its edges are drawn in the baseline's colour.
            band.LineStyle.Width = 1;
            band.LineStyle.Color = SvgChart.PromptColor;
            var line = plot.Add.HorizontalLine(baseline.Quality.Value, 2, SvgChart.PromptColor, LinePattern.Dashed);
            line.LegendText = $"baseline: {baseline.Candidate} {Format.Percent(baseline.Quality.Value)}";
        }

        for (var i = 0; i < curve.Points.Count; i++)
        {
            var q = curve.Points[i].Quality;
            var whisker = plot.Add.ScatterLine(new[] { xs[i], xs[i] }, new[] { q.Low, q.High }, color);
            whisker.LineWidth = 3;
        }

        var path = plot.Add.ScatterLine(xs, curve.Points.Select(p => p.Quality.Value).ToArray(), color);
        path.LineWidth = 2;
        path.MarkerShape = MarkerShape.FilledCircle;
        path.MarkerSize = 11;
        path.MarkerLineColor = Colors.White;
        path.MarkerLineWidth = 2;
        path.LegendText = $"fine-tuned {curve.Metric} (95 % interval)";

        var top = Math.Min(1.04, Math.Max(curve.Points.Max(p => p.Quality.High), curve.Baseline?.Quality.High ?? 0) + 0.12);
        if (curve.ClearingSize is { } size)
        {
            SvgChart.Marker(plot, Math.Log10(size), top, $"clears at {Format.Number(size, 0)}", LinePattern.Dotted);
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(xs, [.. curve.Points.Select(p => Format.Number(p.Examples, 0))]);
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = v => Format.Percent(v) };
        var spread = xs.Length > 1 ? xs[^1] - xs[0] : 1;
        plot.Axes.SetLimitsX(xs[0] - (0.08 * spread), xs[^1] + (0.08 * spread));
        plot.Axes.SetLimitsY(Math.Max(-0.02, Math.Min(curve.Points.Min(p => p.Quality.Low), curve.Baseline?.Quality.Low ?? 1) - 0.08), top);
        plot.XLabel("Training examples (log scale)");
        plot.YLabel(curve.Metric);
        SvgChart.LegendBelow(plot);
        var clears = curve.ClearingSize is { } n
            ? $"The dotted line marks {Format.Number(n, 0)} examples, the smallest size whose interval lies wholly above the baseline's estimate."
            : "No size's interval lies wholly above the baseline's estimate.";
        var rows = curve.Points.Select(p => (IReadOnlyList<Cell>)
            [Format.Number(p.Examples, 0), Format.Percent(p.Quality.Value), Format.Percent(p.Quality.Low), Format.Percent(p.Quality.High)]).ToList();
        if (curve.Baseline is { } prompt)
        {
            rows.Add([$"best prompt: {prompt.Candidate}", Format.Percent(prompt.Quality.Value), Format.Percent(prompt.Quality.Low), Format.Percent(prompt.Quality.High)]);
        }

        var data = new ReportTable(["Training examples", curve.Metric, "95 % low", "95 % high"], rows, new HashSet<int> { 1, 2, 3 });
        return SvgChart.Render(plot, "learning-curve", "Quality against training examples.",
            $"Each dot is a LoRA adapter trained on that many examples and scored on the same test items; the whisker is its 95 % interval. The dashed line is the best prompt, its shaded band that prompt's interval. {clears}",
            data, height: 400);
    }
}
