using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Crossover.Core.Formatting;
using Crossover.Reports.Charts;

namespace Crossover.Reports.Tests;

public sealed partial class ChartMarkupTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static string EverySectionHtml() => ReportRenderer.RenderHtml(
        SampleDecisions.Context(SampleDecisions.CustomerService(withEvidence: true), SampleDecisions.Run(), SampleDecisions.Jobs())
            with { Curve = SampleCurves.Support(), Cascades = SampleCascades.Analysis() });

    [Fact]
    public void RenderHtml_EveryChartInBothLayouts_IsAnImageNamedByItsTitleAndDescribedByItsCaption()
    {
        var html = EverySectionHtml();

        var figures = Figure().Matches(html);
        Assert.Equal(10, figures.Count);
        foreach (Match figure in figures)
        {
            var title = System.Net.WebUtility.HtmlDecode(figure.Groups["title"].Value);
            var caption = System.Net.WebUtility.HtmlDecode(figure.Groups["caption"].Value);
            var svgs = SvgElement().Matches(figure.Value);
            Assert.Equal(2, svgs.Count);
            foreach (Match svg in svgs)
            {
                var root = XElement.Parse(svg.Value);
                Assert.Equal("img", (string?)root.Attribute("role"));
                var name = root.Descendants(Svg + "title").Single(t => (string?)t.Attribute("id") == (string?)root.Attribute("aria-labelledby"));
                var description = root.Descendants(Svg + "desc").Single(d => (string?)d.Attribute("id") == (string?)root.Attribute("aria-describedby"));
                Assert.Same(root.Elements().First(), name);
                Assert.Equal(title, name.Value);
                Assert.Equal(caption, description.Value);
            }
        }
    }

    [Fact]
    public void RenderHtml_EveryChart_HasATableOfItsNumbersBehindIt()
    {
        var html = EverySectionHtml();

        foreach (Match figure in Figure().Matches(html))
        {
            var name = figure.Groups["name"].Value;
            var data = Regex.Match(html[(figure.Index + figure.Length)..], "^\\s*<details class=\"chart-data\" id=\"chart-" + Regex.Escape(name) + "-data\">.*?<tbody>(?<rows>.*?)</tbody>", RegexOptions.Singleline);
            Assert.True(data.Success, $"chart {name} has no table behind it");
            Assert.True(Regex.Count(data.Groups["rows"].Value, "<tr>") >= 2, $"chart {name}'s table has fewer than two rows");
        }
    }

    [Fact]
    public void TokensChart_Data_IsEachCandidatesTokensByPartWithTheTotal()
    {
        var run = SampleDecisions.Run();

        var chart = EvaluationCharts.Tokens(run);

        Assert.Equal(run.Candidates.Count, chart.Data.Rows.Count);
        foreach (var (candidate, row) in run.Candidates.Zip(chart.Data.Rows))
        {
            var t = candidate.Tokens;
            Assert.Equal(candidate.Name, row[0].Text);
            Assert.Equal(
                new[] { t.Instructions, t.Examples, t.ItemInput, t.Output, t.Instructions + t.Examples + t.ItemInput + t.Output }.Select(v => Format.Number(v, 0)),
                row.Skip(1).Select(c => c.Text));
        }
    }

    [Fact]
    public void MonthlyCostChart_Data_HoldsEachLineAtTodaysVolume()
    {
        var economics = SampleDecisions.CustomerService().Economics;

        var chart = EconomicsCharts.MonthlyCostVsVolume(economics);

        var today = chart.Data.Rows.Single(r => r[0].Text.EndsWith("(today)", StringComparison.Ordinal));
        Assert.Equal(
            economics.Options.Select(o => Format.Usd(EconomicsCharts.MonthlyAt(o, economics.HorizonMonths, economics.RequestsPerMonth[0]))),
            today.Skip(1).Select(c => c.Text));
    }

    [Fact]
    public void CumulativeCostChart_Data_HasMonthZeroAsTheOneOffCostAndEveryMonthOfTheHorizon()
    {
        var economics = SampleDecisions.CustomerService().Economics;

        var chart = EconomicsCharts.CumulativeCost(economics);

        Assert.Equal(economics.HorizonMonths + 1, chart.Data.Rows.Count);
        Assert.Equal(economics.Options.Select(o => Format.Usd(o.UpfrontUsd)), chart.Data.Rows[0].Skip(1).Select(c => c.Text));
        Assert.Equal(economics.Options.Select(o => Format.Usd(o.TotalUsd)), chart.Data.Rows[^1].Skip(1).Select(c => c.Text));
        Assert.Equal(economics.HorizonMonths.ToString(CultureInfo.InvariantCulture), chart.Data.Rows[^1][0].Text);
    }

    [Fact]
    public void RenderHtml_EveryChart_DrawsItsMarksOpaqueInPaletteColours()
    {
        // Palette_ChartMarksAndToneMarks_HaveAtLeast3To1OnWhite checks the palette; this checks the charts draw with it,
        // and that nothing is made pale by transparency except the grid, white label backgrounds and faint shading bands.
        var marks = Palette.Marks.Concat(Palette.Tones.Select(t => t.Mark)).Select(c => c.ToUpperInvariant()).ToHashSet();
        var html = EverySectionHtml();

        foreach (Match svg in SvgElement().Matches(html))
        {
            var root = XElement.Parse(svg.Value);
            foreach (var element in root.Descendants())
            {
                foreach (var paint in new[] { "fill", "stroke" })
                {
                    var colour = (string?)element.Attribute(paint);
                    if (colour is null or "none" or "white")
                    {
                        continue;
                    }

                    var opacity = (double?)element.Attribute(paint + "-opacity") ?? 1;
                    var grid = paint == "stroke" && string.Equals(colour, Palette.Ink, StringComparison.OrdinalIgnoreCase) && opacity < 0.1;
                    var shading = paint == "fill" && opacity < 0.2;
                    Assert.True(grid || shading || opacity == 1, $"{root.Attribute("aria-labelledby")}: {element.Name.LocalName} {paint} {colour} at opacity {opacity}");
                    Assert.True(grid || shading || marks.Contains(colour), $"{root.Attribute("aria-labelledby")}: {element.Name.LocalName} {paint} {colour} is not a palette colour");
                }
            }
        }
    }

    [Fact]
    public void RenderHtml_Tables_AreKeyboardReachableNamedRegions()
    {
        var html = EverySectionHtml();

        var wraps = Regex.Matches(html, "<div class=\"table-wrap\"[^>]*>");
        Assert.NotEmpty(wraps);
        Assert.All(wraps, w => Assert.Matches("tabindex=\"0\" role=\"region\" aria-label=\"Table: [^\"]+\"", w.Value));
    }

    [GeneratedRegex("<figure class=\"chart\" id=\"chart-(?<name>[a-z-]+)\".*?<figcaption[^>]*><strong>(?<title>.*?)</strong> (?<caption>.*?)</figcaption>\\s*</figure>", RegexOptions.Singleline)]
    private static partial Regex Figure();

    [GeneratedRegex("<svg .*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();
}
