using Crossover.Evaluation.Cascades;
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
        var middle = (analysis.Options.Min(o => o.CostPer1kUsd) + analysis.Options.Max(o => o.CostPer1kUsd)) / 2;
        foreach (var option in frontier.Concat(singles).Distinct())
        {
            var label = plot.Add.Text(option.Name, option.CostPer1kUsd, option.Quality.Value);
            label.LabelFontName = SvgChart.FontName;
            label.LabelFontSize = 12;
            label.LabelFontColor = SvgChart.InkColor;
            var right = option.CostPer1kUsd > middle;
            label.LabelAlignment = right ? Alignment.LowerRight : Alignment.LowerLeft;
            label.OffsetX = right ? -8 : 8;
            label.OffsetY = -4;
        }

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
        return SvgChart.Render(plot, "cascade-pareto", "Cascades: quality against cost.",
            $"Every single candidate and every cascade on the {analysis.TestItems} test items, thresholds chosen on the {analysis.DevItems} dev items. The dashed line is the Pareto frontier: {string.Join(", ", analysis.Frontier)}.",
            height: 400);
    }
}
