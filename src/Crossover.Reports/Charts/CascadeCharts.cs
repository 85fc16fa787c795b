using Crossover.Evaluation.Cascades;
using Crossover.Reports.Writers;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Crossover.Reports.Charts;

/// <summary>The cascade analysis's chart: every single candidate and cascade by test quality against cost, the frontier dashed.</summary>
internal static class CascadeCharts
{
    public static ChartImage QualityVersusCost(CascadeAnalysis analysis)
    {
        var plot = SvgChart.NewPlot();
        var frontier = analysis.Frontier.Select(analysis.Option).ToList();
        var singles = analysis.Options.Where(o => !o.IsCascade).ToList();
        var cascades = analysis.Options.Where(o => o.IsCascade).ToList();
        if (cascades.Count > 0)
        {
            var points = plot.Add.ScatterPoints(cascades.Select(o => o.CostPer1kUsd).ToArray(), cascades.Select(o => o.Quality.Value).ToArray(), SvgChart.FineTuneColor);
            points.MarkerSize = 7;
            points.LegendText = "cascades";
        }

        var single = plot.Add.ScatterPoints(singles.Select(o => o.CostPer1kUsd).ToArray(), singles.Select(o => o.Quality.Value).ToArray(), SvgChart.PromptColor);
        single.MarkerSize = 12;
        single.LegendText = "single candidates";
        if (frontier.Count > 1)
        {
            var line = plot.Add.ScatterLine(frontier.Select(o => o.CostPer1kUsd).ToArray(), frontier.Select(o => o.Quality.Value).ToArray(), SvgChart.MutedColor);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
        }

        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = Format.UsdShort };
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = v => Format.Percent(v) };
        plot.Axes.Margins(0.15, 0.2);
        plot.XLabel("USD per 1,000 requests (test split)");
        plot.YLabel(analysis.Metric);
        SvgChart.LegendBelow(plot);
        var labelled = frontier.Concat(singles).Distinct().Select(o => (o.Name, o.CostPer1kUsd, o.Quality.Value)).ToList();
        var data = new ReportTable(
            ["Option", "Kind", "USD per 1,000", analysis.Metric, "On the frontier"],
            analysis.Options.Select(o => (IReadOnlyList<Cell>)
            [
                o.Name, o.IsCascade ? "cascade" : "single candidate", Format.Usd(o.CostPer1kUsd), Format.Percent(o.Quality.Value),
                analysis.Frontier.Contains(o.Name) ? "yes" : "no",
            ]).ToList(),
            new HashSet<int> { 2, 3 });
        return SvgChart.Render(plot, "cascade-pareto", "Cascades: quality against cost.",
            $"Every single candidate and every cascade on the {analysis.TestItems} test items, thresholds chosen on the {analysis.DevItems} dev items. The dashed line is the Pareto frontier: {string.Join(", ", analysis.Frontier)}.",
            data, height: 400, layOut: new PointLabels(labelled, cascades.Select(o => (o.CostPer1kUsd, o.Quality.Value)).ToList()).LayOut);
    }
}
