using System.Net;
using System.Text.RegularExpressions;
using ScottPlot;

namespace Crossover.Reports.Charts;

/// <summary>Turns a ScottPlot plot into an SVG that sits well inline in a page next to other charts.</summary>
internal static partial class SvgChart
{
    // Liberation Sans has Arial's and Helvetica's metrics, so the per-glyph positions ScottPlot writes stay right
    // on machines that substitute one of those.
    public const string FontName = "Liberation Sans";

    private const string FontFallbacks = "'Liberation Sans', Arial, Helvetica, sans-serif";

    public static Color PromptColor { get; } = Color.FromHex("#2f6fdb");

    public static Color FineTuneColor { get; } = Color.FromHex("#d9661f");

    public static Color InkColor { get; } = Color.FromHex("#1d2433");

    public static Color MutedColor { get; } = Color.FromHex("#5b6475");

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
        text.LabelPadding = 3;
        text.OffsetX = 4;
    }

    /// <summary>Renders the plot and makes the SVG responsive and self-contained.</summary>
    public static ChartImage Render(Plot plot, string name, string title, string caption, int width = 820, int height = 380)
    {
        var svg = plot.GetSvgXml(width, height);
        svg = XmlDeclaration().Replace(svg, "");

        // Several charts share one HTML document, and ScottPlot numbers its clip paths from the same counter in every
        // chart, so ids are made unique per chart or one chart would clip with another's rectangle.
        svg = IdAttribute().Replace(svg, m => $"id=\"{name}-{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{name}-{m.Groups[1].Value})");
        svg = svg.Replace($"font-family=\"{FontName}\"", $"font-family=\"{FontFallbacks}\"", StringComparison.Ordinal);
        svg = SvgOpenTag().Replace(svg, _ =>
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\">",
            1);
        return new ChartImage(name, title, caption, svg.Trim());
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
