using Crossover.Evaluation.Results;
using Crossover.Reports.Writers;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Crossover.Reports.Charts;

/// <summary>The evaluation run's charts: quality with intervals, quality against cost with the Pareto frontier, tokens per request.</summary>
internal static class EvaluationCharts
{
    private static readonly Color[] Series = [.. Palette.Series.Select(Color.FromHex)];

    public static Color ColorOf(int index) => Series[index % Series.Length];

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
            // The interval in the candidate's full colour (3:1 against white), the dot ringed in white to stand out on it.
            var interval = plot.Add.ScatterLine(new[] { metric.Low, metric.High }, new[] { (double)y, y }, ColorOf(i));
            interval.LineWidth = 4;
            var dot = plot.Add.Marker(metric.Value, y, MarkerShape.FilledCircle, 14, ColorOf(i));
            dot.MarkerLineColor = Colors.White;
            dot.MarkerLineWidth = 2;
            ticks.Add((y, candidate.Name));
        }

        plot.Axes.Left.TickGenerator = new NumericManual([.. ticks.Select(t => t.Item1)], [.. ticks.Select(t => t.Item2)]);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = v => Format.Percent(v) };
        plot.Axes.SetLimitsY(-0.6, run.Candidates.Count + 0.1);
        SvgChart.Marker(plot, qualityBar, run.Candidates.Count + 0.1, $"quality bar {Format.Percent(qualityBar)}", LinePattern.Dashed);
        plot.XLabel($"{run.Primary} (95 % interval)");
        var rows = run.Candidates.Where(c => c.Metrics.ContainsKey(run.Primary)).Select(c => (IReadOnlyList<Cell>)
            [c.Name, Format.Percent(c.Metrics[run.Primary].Value), Format.Percent(c.Metrics[run.Primary].Low), Format.Percent(c.Metrics[run.Primary].High)]).ToList();
        rows.Add(["quality bar (profile)", Format.Percent(qualityBar), "", ""]);
        var data = new ReportTable(["Candidate", run.Primary, "95 % low", "95 % high"], rows, new HashSet<int> { 1, 2, 3 });
        return SvgChart.Render(plot, "eval-quality", "Quality per candidate.",
            $"The dot is the candidate's {run.Primary} over the items it answered, the bar its 95 % interval; overlapping bars mean the run cannot yet tell them apart (see the comparisons below).",
            data, height: 150 + 50 * run.Candidates.Count);
    }

    /// <summary>Quality against cost per 1,000 requests; the frontier joins candidates no other beats on both.</summary>
    public static ChartImage QualityVersusCost(RunReport run, IReadOnlyList<CandidateResult> frontier)
    {
        var plot = SvgChart.NewPlot();
        var plotted = new List<(string Text, double X, double Y)>();
        for (var i = 0; i < run.Candidates.Count; i++)
        {
            var candidate = run.Candidates[i];
            if (candidate.CostPer1kUsd is not { } cost || !candidate.Metrics.TryGetValue(run.Primary, out var metric))
            {
                continue;
            }

            plot.Add.Marker(cost, metric.Value, MarkerShape.FilledCircle, 13, ColorOf(i));
            plotted.Add((candidate.Name, cost, metric.Value));
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
        var onFrontier = frontier.Select(c => c.Name).ToHashSet();
        var data = new ReportTable(
            ["Candidate", "USD per 1,000", run.Primary, "On the frontier"],
            plotted.Select(p => (IReadOnlyList<Cell>)[p.Text, Format.Usd(p.X), Format.Percent(p.Y), onFrontier.Contains(p.Text) ? "yes" : "no"]).ToList(),
            new HashSet<int> { 1, 2 });
        return SvgChart.Render(plot, "eval-pareto", "Quality against cost.",
            $"The dashed line is the Pareto frontier: {string.Join(", ", frontier.Select(c => c.Name))}. Any other candidate is beaten on both quality and cost by one of these.",
            data, height: 360, layOut: new PointLabels(plotted, fontSize: 13).LayOut);
    }

    /// <summary>Tokens per request split into instructions, examples, the item's input and output, one stacked bar per candidate.</summary>
    public static ChartImage Tokens(RunReport run)
    {
        (string Label, Color Color, Func<TokenSummary, double> Value)[] parts =
        [
            ("instructions", Color.FromHex(Palette.HighEnd), t => t.Instructions),
            ("few-shot examples", Color.FromHex(Palette.LowEnd), t => t.Examples),
            ("item input", Color.FromHex(Palette.Of(Tone.Retrieval).Mark), t => t.ItemInput),
            ("output", SvgChart.FineTuneColor, t => t.Output),
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
        var data = new ReportTable(
            ["Candidate", .. parts.Select(p => p.Label), "total"],
            run.Candidates.Select(c => (IReadOnlyList<Cell>)
            [
                c.Name,
                .. parts.Select(p => (Cell)Format.Number(p.Value(c.Tokens), 0)),
                Format.Number(parts.Sum(p => p.Value(c.Tokens)), 0),
            ]).ToList(),
            Enumerable.Range(1, parts.Length + 1).ToHashSet());
        return SvgChart.Render(plot, "eval-tokens", "Where the tokens go.",
            "Instructions and examples are counted from the prompt each candidate sent; a fine-tuned model needs few of either, which is most of its per-request saving.",
            data, height: 150 + 50 * run.Candidates.Count);
    }
}
