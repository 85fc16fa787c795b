using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Crossover.Reports.Writers;
using ScottPlot;
using ScottPlot.Plottables;

namespace Crossover.Reports.Charts;

/// <summary>Turns a ScottPlot plot into an SVG that sits well inline in a page next to other charts.</summary>
internal static partial class SvgChart
{
    // Liberation Sans has Arial's and Helvetica's metrics, so the per-glyph positions ScottPlot writes stay right
    // on machines that substitute one of those.
    public const string FontName = "Liberation Sans";

    private const float MarkerLabelPadding = 3;

    private const string FontFallbacks = "'Liberation Sans', Arial, Helvetica, sans-serif";

    /// <summary>The width a chart is laid out for on a page or a wide screen, in CSS pixels.</summary>
    public const int WideWidth = 820;

    /// <summary>The width a chart is laid out for on a phone: shown at about 325 px, its 13 px text reads at about 10.5 px.</summary>
    public const int NarrowWidth = 400;

    public static Color PromptColor { get; } = Color.FromHex(Palette.Prompt);

    public static Color FineTuneColor { get; } = Color.FromHex(Palette.FineTune);

    public static Color InkColor { get; } = Color.FromHex(Palette.Ink);

    public static Color MutedColor { get; } = Color.FromHex(Palette.Muted);

    // The labels of each plot's markers, turned to the left of their line where the right side has no room (see Render).
    private static readonly ConditionalWeakTable<Plot, List<Text>> MarkerLabels = [];

    /// <summary>A plot with the report's font, colours and quiet grid.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Axes.Color(MutedColor);
        plot.Grid.MajorLineColor = InkColor.WithOpacity(0.08);
        plot.Axes.Bottom.Label.FontSize = 14;
        plot.Axes.Left.Label.FontSize = 14;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Legend.FontSize = 13;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowColor = Colors.Transparent;
        return plot;
    }

    /// <summary>Shows the legend under the chart, where it never covers data.</summary>
    public static void LegendBelow(Plot plot) => plot.ShowLegend(Edge.Bottom);

    /// <summary>A vertical marker with its label written inside the data area, right of the line, top edge at <paramref name="labelY"/>.</summary>
    public static void Marker(Plot plot, double x, double labelY, string label, LinePattern pattern, float width = 2)
    {
        plot.Add.VerticalLine(x, width, InkColor, pattern);
        var text = plot.Add.Text(label, x, labelY);
        text.LabelFontName = FontName;
        text.LabelFontSize = 13;
        text.LabelFontColor = InkColor;
        text.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        text.LabelAlignment = Alignment.UpperLeft;
        text.LabelPadding = MarkerLabelPadding;
        text.OffsetX = 4;
        MarkerLabels.GetOrCreateValue(plot).Add(text);
    }

    /// <summary>
    /// Renders the plot twice, for a wide page and for a phone, each made responsive, self-contained and accessible.
    /// <paramref name="layOut"/>, when given, runs before each rendering with the plot laid out at that size (e.g. to place
    /// labels in pixels), so what depends on the size is decided for each.
    /// </summary>
    public static ChartImage Render(
        Plot plot, string name, string title, string caption, ReportTable data, int height = 380, Action<Plot>? layOut = null)
    {
        var wide = RenderOne(plot, name, title, caption, WideWidth, height, layOut);
        var narrow = RenderOne(plot, name + "-narrow", title, caption, NarrowWidth, height, layOut);
        return new ChartImage(name, title, caption, wide, narrow, data);
    }

    private static string RenderOne(Plot plot, string idPrefix, string title, string caption, int width, int height, Action<Plot>? layOut)
    {
        plot.RenderInMemory(width, height);
        layOut?.Invoke(plot);
        KeepMarkerLabelsInside(plot);

        var svg = plot.GetSvgXml(width, height);
        svg = XmlDeclaration().Replace(svg, "");

        // Several charts share one HTML document, and ScottPlot numbers its clip paths from the same counter in every
        // chart, so ids are made unique per chart (and per layout) or one chart would clip with another's rectangle.
        svg = IdAttribute().Replace(svg, m => $"id=\"{idPrefix}-{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{idPrefix}-{m.Groups[1].Value})");
        svg = svg.Replace($"font-family=\"{FontName}\"", $"font-family=\"{FontFallbacks}\"", StringComparison.Ordinal);

        // A screen reader announces the chart by its <title> and describes it with its <desc>, which carry the caption,
        // so the chart says what it shows wherever it goes (inline in the page, or as an SVG file next to the Markdown).
        svg = SvgOpenTag().Replace(svg, _ =>
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" " +
            $"role=\"img\" aria-labelledby=\"{idPrefix}-title\" aria-describedby=\"{idPrefix}-desc\">" +
            $"<title id=\"{idPrefix}-title\">{WebUtility.HtmlEncode(title)}</title><desc id=\"{idPrefix}-desc\">{WebUtility.HtmlEncode(caption)}</desc>",
            1);
        return svg.Trim();
    }

    /// <summary>Writes each marker's label left of its line where, at this size, it would run past the data area's right edge.</summary>
    private static void KeepMarkerLabelsInside(Plot plot)
    {
        if (!MarkerLabels.TryGetValue(plot, out var labels))
        {
            return;
        }

        var area = plot.LastRender.DataRect;
        using var paint = Paint.NewDisposablePaint();
        foreach (var label in labels)
        {
            var width = label.LabelStyle.Measure(paint).Width + (2 * MarkerLabelPadding);
            var fitsRight = plot.GetPixel(label.Location).X + 4 + width <= area.Right;
            label.LabelAlignment = fitsRight ? Alignment.UpperLeft : Alignment.UpperRight;
            label.OffsetX = fitsRight ? 4 : -4;
        }
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("<svg [^>]*>")]
    private static partial Regex SvgOpenTag();
}
