using Crossover.Core.Economics;
using Crossover.Reports.Writers;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Crossover.Reports.Charts;

/// <summary>The uncertainty charts: the tornado of inputs and the Monte Carlo distribution of the saving.</summary>
internal static class UncertaintyCharts
{
    private static readonly Color LowColor = Color.FromHex(Palette.LowEnd);
    private static readonly Color HighColor = Color.FromHex(Palette.HighEnd);

    /// <summary>
    /// One bar per ranged input from the saving at its low end to the saving at its high end, largest swing on top;
    /// the baseline is the saving with every input at its likely value.
    /// </summary>
    public static ChartImage Tornado(IReadOnlyList<SensitivityRow> rows, double baselineSavingUsd, int horizonMonths)
    {
        var plot = SvgChart.NewPlot();
        var bars = new List<Bar>();
        var ticks = new List<(double, string)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var position = rows.Count - 1 - i;
            bars.Add(new Bar { Position = position, ValueBase = baselineSavingUsd, Value = row.SavingAtLowUsd, FillColor = LowColor, LineWidth = 0, Size = 0.7 });
            bars.Add(new Bar { Position = position, ValueBase = baselineSavingUsd, Value = row.SavingAtHighUsd, FillColor = HighColor, LineWidth = 0, Size = 0.7 });
            ticks.Add((position, $"{row.Input} {Format.Compact(row.Low)}–{Format.Compact(row.High)}"));
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Add.VerticalLine(baselineSavingUsd, 1.5f, SvgChart.MutedColor, LinePattern.Dotted);
        // A free band above the top bar holds the marker's label.
        plot.Axes.SetLimitsY(-0.6, rows.Count + 0.1);
        SvgChart.Marker(plot, 0, rows.Count + 0.1, "cheaper approach flips", LinePattern.Dashed);
        plot.Axes.Left.TickGenerator = new NumericManual([.. ticks.Select(t => t.Item1)], [.. ticks.Select(t => t.Item2)]);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = Format.UsdShort };
        plot.XLabel($"Saving over {horizonMonths} months");
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "input at its low end", FillColor = LowColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "input at its high end", FillColor = HighColor });
        SvgChart.LegendBelow(plot);
        var flips = rows.Where(r => r.RecommendationFlipsAt is not null).Select(r => r.Input).ToList();
        var flipNote = flips.Count == 0
            ? "No single input changes the recommendation within its range."
            : $"The recommendation changes within the range of: {string.Join(", ", flips)}.";
        var data = new ReportTable(
            ["Input", "Low", "High", "Saving at low", "Saving at high"],
            rows.Select(r => (IReadOnlyList<Cell>)[r.Input, Format.Quantity(r.Low), Format.Quantity(r.High), Format.Usd(r.SavingAtLowUsd), Format.Usd(r.SavingAtHighUsd)]).ToList(),
            new HashSet<int> { 1, 2, 3, 4 });
        return SvgChart.Render(plot, "tornado", "What moves the answer.",
            $"The saving is what fine-tuning saves: prompting's total minus fine-tuning's. Each input swept over its range with the others at their likely values; the dotted line is the saving at the likely values ({Format.Usd(baselineSavingUsd)}). Bars crossing the dashed line make the other approach cheaper. {flipNote}",
            data, height: 150 + 50 * rows.Count);
    }

    /// <summary>The Monte Carlo histogram of the saving, bars coloured by which approach is cheaper in that bin.</summary>
    public static ChartImage MonteCarlo(MonteCarloResult monteCarlo, int horizonMonths)
    {
        var plot = SvgChart.NewPlot();
        var bars = monteCarlo.SavingHistogram.Select(bin =>
        {
            var centre = (bin.From + bin.To) / 2;
            return new Bar
            {
                Position = centre,
                Value = bin.Count,
                Size = (bin.To - bin.From) * 0.92,
                FillColor = centre >= 0 ? SvgChart.FineTuneColor : SvgChart.PromptColor,
                LineWidth = 0,
            };
        }).ToList();
        plot.Add.Bars(bars);
        SvgChart.Marker(plot, 0, bars.Count > 0 ? bars.Max(b => b.Value) : 1, "break-even", LinePattern.Dashed);
        if (monteCarlo.SavingPercentilesUsd.TryGetValue("p50", out var median))
        {
            plot.Add.VerticalLine(median, 1.5f, SvgChart.MutedColor, LinePattern.Dotted);
        }

        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = Format.UsdShort };
        plot.Axes.Margins(bottom: 0);
        plot.XLabel($"Saving from fine-tuning over {horizonMonths} months");
        plot.YLabel("Draws");
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"fine-tuning cheaper: {Format.Percent(monteCarlo.ProbabilityFineTuningCheapest)}", FillColor = SvgChart.FineTuneColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"prompting cheaper: {Format.Percent(monteCarlo.ProbabilityPromptCheapest)}", FillColor = SvgChart.PromptColor });
        SvgChart.LegendBelow(plot);
        var data = new ReportTable(
            ["Saving from", "Saving to", "Draws", "Cheaper"],
            monteCarlo.SavingHistogram.Select(bin => (IReadOnlyList<Cell>)
            [
                Format.Usd(bin.From), Format.Usd(bin.To), Format.Number(bin.Count, 0), (bin.From + bin.To) / 2 >= 0 ? "fine-tuning" : "prompting",
            ]).ToList(),
            new HashSet<int> { 0, 1, 2 });
        return SvgChart.Render(plot, "monte-carlo", "How sure the saving is.",
            $"{monteCarlo.Draws:N0} draws (seed {monteCarlo.Seed}) with every ranged input drawn from a triangular distribution over its range; the dotted line is the median saving.",
            data, height: 340);
    }
}
