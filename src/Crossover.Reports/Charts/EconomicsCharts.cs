using System.Globalization;
using Crossover.Core.Economics;
using Crossover.Reports.Writers;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Crossover.Reports.Charts;

/// <summary>The economics charts: cost per request, monthly cost against volume, cumulative cost.</summary>
internal static class EconomicsCharts
{
    public static Color ColorOf(Approach approach) => approach == Approach.PromptEngineering ? SvgChart.PromptColor : SvgChart.FineTuneColor;

    /// <summary>The darker shade of an approach's colour, for its with-caching bar (both shades keep 3:1 against white).</summary>
    public static Color DarkColorOf(Approach approach) => Color.FromHex(approach == Approach.PromptEngineering ? Palette.PromptDark : Palette.FineTuneDark);

    public static string LabelOf(CostOption option) => $"{Format.Label(option.Approach)} ({option.Model})";

    /// <summary>Cost of one request per approach, without and with prompt caching side by side.</summary>
    public static ChartImage CostPerRequest(EconomicsResult economics)
    {
        var plot = SvgChart.NewPlot();
        var bars = new List<Bar>();
        var ticks = new List<(double Position, string Label)>();
        for (var i = 0; i < economics.Options.Count; i++)
        {
            var option = economics.Options[i];
            var color = ColorOf(option.Approach);
            var left = i * 3.0;
            bars.Add(new Bar { Position = left, Value = option.CostPerRequestWithoutCachingUsd, FillColor = color, LineWidth = 0, Label = Format.Usd(option.CostPerRequestWithoutCachingUsd) });
            bars.Add(new Bar { Position = left + 1, Value = option.CostPerRequestUsd, FillColor = DarkColorOf(option.Approach), LineWidth = 0, Label = Format.Usd(option.CostPerRequestUsd) });
            // Two lines each, so the pair fits under two bars on a phone.
            ticks.Add((left, "no\ncaching"));
            ticks.Add((left + 1, "with\ncaching"));
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 13;
        barPlot.ValueLabelStyle.Bold = true;
        plot.Axes.Bottom.TickGenerator = new NumericManual([.. ticks.Select(t => t.Position)], [.. ticks.Select(t => t.Label)]);
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = Format.UsdShort };
        plot.Axes.Margins(bottom: 0, top: 0.18);
        plot.YLabel("USD per request");
        for (var i = 0; i < economics.Options.Count; i++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = LabelOf(economics.Options[i]), FillColor = ColorOf(economics.Options[i].Approach) });
        }

        SvgChart.LegendBelow(plot);
        var saved = economics.Options.Select(o => $"{Format.Label(o.Approach).ToLowerInvariant()} {Format.Usd(o.CostPerRequestWithoutCachingUsd - o.CostPerRequestUsd)}");
        var data = new ReportTable(
            ["Approach (model)", "USD per request, no caching", "USD per request, with caching"],
            economics.Options.Select(o => (IReadOnlyList<Cell>)[LabelOf(o), Format.Usd(o.CostPerRequestWithoutCachingUsd), Format.Usd(o.CostPerRequestUsd)]).ToList(),
            new HashSet<int> { 1, 2 });
        return SvgChart.Render(plot, "cost-per-request", "Cost per request.",
            $"Lighter bars bill every prompt token at the full rate; darker bars apply the provider's prompt caching at the profile's hit rate. Caching saves per request: {string.Join(", ", saved)}.",
            data, height: 340, layOut: p => FitValueLabels(p, barPlot));
    }

    /// <summary>Shrinks the bars' value labels (not below 9 px) until the widest fits the width of one bar slot at this size.</summary>
    private static void FitValueLabels(Plot plot, ScottPlot.Plottables.BarPlot barPlot)
    {
        const float Largest = 13;
        var slot = Math.Abs(plot.GetPixel(new Coordinates(1, 0)).X - plot.GetPixel(new Coordinates(0, 0)).X);
        using var paint = Paint.NewDisposablePaint();
        var style = new LabelStyle { FontName = SvgChart.FontName, FontSize = Largest, Bold = true };
        var widest = barPlot.Bars.Max(b =>
        {
            style.Text = b.Label;
            return style.Measure(paint).Width;
        });
        barPlot.ValueLabelStyle.FontSize = Math.Clamp(Largest * (slot - 4) / widest, 9, Largest);
    }

    /// <summary>Monthly cost of each approach as a straight line in volume, with the break-even volume and today's volume marked.</summary>
    public static ChartImage MonthlyCostVsVolume(EconomicsResult economics)
    {
        var plot = SvgChart.NewPlot();
        var current = economics.RequestsPerMonth.Count > 0 ? economics.RequestsPerMonth[0] : 0;
        var breakEven = economics.BreakEvenRequestsPerMonth;
        var maxVolume = Math.Max(current, breakEven ?? 0) * 1.6;
        if (maxVolume <= 0)
        {
            maxVolume = 10_000;
        }

        var volumes = Enumerable.Range(0, 41).Select(i => maxVolume * i / 40).ToArray();
        var top = 0.0;
        foreach (var option in economics.Options)
        {
            var monthly = volumes.Select(v => MonthlyAt(option, economics.HorizonMonths, v)).ToArray();
            var line = plot.Add.ScatterLine(volumes, monthly, ColorOf(option.Approach));
            line.LineWidth = 3;
            line.LegendText = LabelOf(option);
            top = Math.Max(top, monthly.Max());
        }

        if (breakEven is { } volume)
        {
            SvgChart.Marker(plot, volume, top, $"break-even {Format.Compact(volume)}/month", LinePattern.Dashed);
        }

        var nearBreakEven = breakEven is { } be && Math.Abs(current - be) < maxVolume * 0.25;
        SvgChart.Marker(plot, current, nearBreakEven ? top * 0.85 : top, $"today {Format.Compact(current)}/month", LinePattern.Dotted, 1.5f);

        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = Format.Compact };
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = Format.UsdShort };
        plot.Axes.SetLimits(0, maxVolume, 0, top * 1.1);
        plot.XLabel("Requests per month");
        plot.YLabel("USD per month");
        SvgChart.LegendBelow(plot);
        var note = breakEven is { } b
            ? $"Above {Format.Compact(b)} requests a month fine-tuning costs less over {economics.HorizonMonths} months."
            : economics.BreakEvenNote;
        var marked = new List<double> { 0, current, maxVolume };
        if (breakEven is { } marker)
        {
            marked.Add(marker);
        }

        var data = new ReportTable(
            ["Requests per month", .. economics.Options.Select(o => $"{LabelOf(o)}, USD per month")],
            marked.Distinct().Order().Select(requests => (IReadOnlyList<Cell>)
            [
                Format.Compact(requests) + (requests == current ? " (today)" : requests == breakEven ? " (break-even)" : ""),
                .. economics.Options.Select(o => (Cell)Format.Usd(MonthlyAt(o, economics.HorizonMonths, requests))),
            ]).ToList(),
            Enumerable.Range(1, economics.Options.Count).ToHashSet());
        return SvgChart.Render(plot, "monthly-cost", "Monthly cost against volume.",
            $"Each line is fixed monthly costs plus one-off costs spread over the {economics.HorizonMonths}-month horizon, plus volume times the cost per request. {note}",
            data);
    }

    /// <summary>Cumulative cost month by month over the horizon, one-off costs at month 0.</summary>
    public static ChartImage CumulativeCost(EconomicsResult economics)
    {
        var plot = SvgChart.NewPlot();
        foreach (var option in economics.Options)
        {
            var months = Enumerable.Range(0, option.CumulativeUsd.Count + 1).Select(m => (double)m).ToArray();
            var totals = new[] { option.UpfrontUsd }.Concat(option.CumulativeUsd).ToArray();
            var line = plot.Add.Scatter(months, totals, ColorOf(option.Approach));
            line.LineWidth = 3;
            line.MarkerSize = 6;
            line.LegendText = $"{LabelOf(option)}: {Format.Usd(option.TotalUsd)}";
        }

        var top = economics.Options.Max(o => o.CumulativeUsd.Count > 0 ? o.CumulativeUsd.Max() : o.UpfrontUsd);
        if (economics.BreakEvenMonth is { } month)
        {
            SvgChart.Marker(plot, month, top, $"fine-tuning ahead from month {month}", LinePattern.Dashed);
        }

        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = Format.UsdShort };
        plot.Axes.SetLimitsY(0, top * 1.1);
        plot.XLabel("Month");
        plot.YLabel("Cumulative USD");
        SvgChart.LegendBelow(plot);
        var ahead = economics.BreakEvenMonth is { } m2
            ? $"Fine-tuning's one-off costs are paid back by the end of month {m2}."
            : "Fine-tuning does not pay back its one-off costs within the horizon at this volume.";
        var monthCount = economics.Options.Max(o => o.CumulativeUsd.Count);
        var data = new ReportTable(
            ["Month", .. economics.Options.Select(o => $"{LabelOf(o)}, cumulative USD")],
            Enumerable.Range(0, monthCount + 1).Select(m => (IReadOnlyList<Cell>)
            [
                m.ToString(CultureInfo.InvariantCulture),
                .. economics.Options.Select(o => (Cell)(m == 0 ? Format.Usd(o.UpfrontUsd) : m <= o.CumulativeUsd.Count ? Format.Usd(o.CumulativeUsd[m - 1]) : "-")),
            ]).ToList(),
            Enumerable.Range(0, economics.Options.Count + 1).ToHashSet());
        return SvgChart.Render(plot, "cumulative-cost", $"Cumulative cost over {economics.HorizonMonths} months.",
            $"Month 0 is the one-off cost (engineering, labeling, first training run); each month adds running cost with growth applied. {ahead}",
            data);
    }

    /// <summary>Monthly-equivalent cost at a steady volume: what the break-even volume compares.</summary>
    public static double MonthlyAt(CostOption option, int horizonMonths, double requestsPerMonth) =>
        option.UpfrontUsd / Math.Max(1, horizonMonths) + option.FixedMonthlyUsd + requestsPerMonth * option.CostPerRequestUsd;
}
