using Crossover.Evaluation.Results;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Crossover.Reports.Charts;

/// <summary>The evaluation run's charts: quality with intervals, quality against cost with the Pareto frontier, tokens per request.</summary>
internal static class EvaluationCharts
{
    private static readonly Color[] Palette =
    [
        Color.FromHex("#2f6fdb"), Color.FromHex("#d9661f"), Color.FromHex("#0f8f7e"), Color.FromHex("#7a4fc9"),
        Color.FromHex("#b7791f"), Color.FromHex("#c23b6b"), Color.FromHex("#4b5563"),
    ];

    public static Color ColorOf(int index) => Palette[index % Palette.Length];

    /// <summary>Each candidate's primary metric as a point with its 95 % interval as a bar, the quality bar as a line.</summary>
    public static ChartImage QualityIntervals(RunReport run, double qualityBar)
    {
        var plot = SvgChart.NewPlot();
        var ticks = new List<(double, string)>();
        for (var i = 0; i < run.Candidates.Count; i++)
        {
            var candidate = run.Candidates[i];
            if (!candidate.Metrics.TryGetValue(run.Primary, out var metric))
            {
                continue;
            }

            var y = run.Candidates.Count - 1 - i;
            var interval = plot.Add.ScatterLine(new[] { metric.Low, metric.High }, new[] { (double)y, y }, ColorOf(i));
            interval.LineWidth = 6;
            interval.Color = ColorOf(i).WithAlpha(0.45);
            plot.Add.Marker(metric.Value, y, MarkerShape.FilledCircle, 13, ColorOf(i));
            ticks.Add((y, candidate.Name));
        }

        plot.Axes.Left.TickGenerator = new NumericManual([.. ticks.Select(t => t.Item1)], [.. ticks.Select(t => t.Item2)]);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = v => Format.Percent(v) };
        plot.Axes.SetLimitsY(-0.6, run.Candidates.Count + 0.1);
        SvgChart.Marker(plot, qualityBar, run.Candidates.Count + 0.1, $"quality bar {Format.Percent(qualityBar)}", LinePattern.Dashed);
        plot.XLabel($"{run.Primary} (95 % interval)");
        return SvgChart.Render(plot, "eval-quality", "Quality per candidate.",
            $"The dot is the candidate's {run.Primary} over the items it answered, the bar its 95 % interval; overlapping bars mean the run cannot yet tell them apart (see the comparisons below).",
            height: 150 + 50 * run.Candidates.Count);
    }

    /// <summary>Quality against cost per 1,000 requests; the frontier joins candidates no other beats on both.</summary>
    public static ChartImage QualityVersusCost(RunReport run, IReadOnlyList<CandidateResult> frontier)
    {
        var plot = SvgChart.NewPlot();
        var costs = run.Candidates.Where(c => c.CostPer1kUsd is not null).Select(c => c.CostPer1kUsd!.Value).ToList();
        var middle = costs.Count > 0 ? (costs.Min() + costs.Max()) / 2 : 0;
        for (var i = 0; i < run.Candidates.Count; i++)
        {
            var candidate = run.Candidates[i];
            if (candidate.CostPer1kUsd is not { } cost || !candidate.Metrics.TryGetValue(run.Primary, out var metric))
            {
                continue;
            }

            plot.Add.Marker(cost, metric.Value, MarkerShape.FilledCircle, 13, ColorOf(i));
            var label = plot.Add.Text(candidate.Name, cost, metric.Value);
            label.LabelFontName = SvgChart.FontName;
            label.LabelFontSize = 13;
            label.LabelFontColor = SvgChart.InkColor;
            // Labels point inwards so the ones at the right edge are not cut off.
            var right = cost > middle;
            label.LabelAlignment = right ? Alignment.LowerRight : Alignment.LowerLeft;
            label.OffsetX = right ? -8 : 8;
            label.OffsetY = -4;
        }

        if (frontier.Count > 1)
        {
            var line = plot.Add.ScatterLine(
                frontier.Select(c => c.CostPer1kUsd!.Value).ToArray(),
                frontier.Select(c => c.Metrics[run.Primary].Value).ToArray(),
                SvgChart.MutedColor);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
        }

        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = Format.UsdShort };
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = v => Format.Percent(v) };
        plot.Axes.Margins(0.15, 0.2);
        plot.XLabel("USD per 1,000 requests");
        plot.YLabel(run.Primary);
        return SvgChart.Render(plot, "eval-pareto", "Quality against cost.",
            $"The dashed line is the Pareto frontier: {string.Join(", ", frontier.Select(c => c.Name))}. Any other candidate is beaten on both quality and cost by one of these.",
            height: 360);
    }

    /// <summary>Tokens per request split into instructions, examples, the item's input and output, one stacked bar per candidate.</summary>
    public static ChartImage Tokens(RunReport run)
    {
        (string Label, Color Color, Func<TokenSummary, double> Value)[] parts =
        [
            ("instructions", Color.FromHex("#34507a"), t => t.Instructions),
            ("few-shot examples", Color.FromHex("#8aa4c8"), t => t.Examples),
            ("item input", Color.FromHex("#0f8f7e"), t => t.ItemInput),
            ("output", Color.FromHex("#d9661f"), t => t.Output),
        ];
        var plot = SvgChart.NewPlot();
        var bars = new List<Bar>();
        var ticks = new List<(double, string)>();
        for (var i = 0; i < run.Candidates.Count; i++)
        {
            var y = run.Candidates.Count - 1 - i;
            var start = 0.0;
            foreach (var part in parts)
            {
                var value = part.Value(run.Candidates[i].Tokens);
                bars.Add(new Bar { Position = y, ValueBase = start, Value = start + value, FillColor = part.Color, LineWidth = 0, Size = 0.6 });
                start += value;
            }

            ticks.Add((y, run.Candidates[i].Name));
        }

        plot.Add.Bars(bars).Horizontal = true;
        foreach (var part in parts)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = part.Label, FillColor = part.Color });
        }

        plot.Axes.Left.TickGenerator = new NumericManual([.. ticks.Select(t => t.Item1)], [.. ticks.Select(t => t.Item2)]);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = Format.Compact };
        plot.Axes.Margins(left: 0);
        plot.XLabel("Tokens per request");
        SvgChart.LegendBelow(plot);
        return SvgChart.Render(plot, "eval-tokens", "Where the tokens go.",
            "Instructions and examples are counted from the prompt each candidate sent; a fine-tuned model needs few of either, which is most of its per-request saving.",
            height: 150 + 50 * run.Candidates.Count);
    }
}
