using System.Xml.Linq;
using Microsoft.Playwright;

namespace Crossover.Reports.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LearningCurveReportTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task HtmlReport_WithCurve_DrawsTheLearningCurveChartInChromium()
    {
        var context = SampleDecisions.Context(SampleDecisions.CustomerService()) with { Curve = SampleCurves.Support() };
        var file = Path.Combine(BrowserFixture.ArtifactsFolder, "learning-curve.html");
        await File.WriteAllTextAsync(file, ReportRenderer.RenderHtml(context));
        var browser = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, error) => errors.Add(error);
            await page.GotoAsync(new Uri(file).AbsoluteUri);

            var chart = await page.QuerySelectorAsync("#learning-curve figure.chart .chart-wide svg");
            Assert.NotNull(chart);
            var box = await chart.BoundingBoxAsync();
            Assert.True(box is { Width: > 300, Height: > 150 }, $"chart drawn at {box?.Width}×{box?.Height}");
            Assert.True(await chart.EvaluateAsync<int>("svg => svg.querySelectorAll('path, rect, text').length") > 20, "chart SVG is nearly empty");
            var text = await chart.EvaluateAsync<string>("svg => svg.textContent");
            Assert.Contains("clears at 500", text);
            Assert.Contains("baseline: gpt41-fewshot", text);
            Assert.Contains("Examples to beat it", await page.TextContentAsync("#learning-curve"));
            Assert.Empty(errors);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "learning-curve.png"), FullPage = true });
        }
        finally
        {
            await browser.CloseAsync();
        }
    }

    [Fact]
    public void Markdown_WithCurve_HasTheSectionTableAndChartFile()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-report-curve-");
        try
        {
            var path = Path.Combine(folder.FullName, "decision.md");
            var context = SampleDecisions.Context(SampleDecisions.CustomerService()) with { Curve = SampleCurves.Support() };

            ReportRenderer.Write(context, ReportFormat.Markdown, path);

            var markdown = File.ReadAllText(path);
            Assert.Contains("## Learning curve", markdown);
            Assert.Contains("](decision-learning-curve.svg)", markdown);
            Assert.Equal("svg", XDocument.Load(Path.Combine(folder.FullName, "decision-learning-curve.svg")).Root!.Name.LocalName);
            Assert.Contains("| 500 |", markdown.Replace("**", string.Empty, StringComparison.Ordinal));
            Assert.Contains("$200", markdown);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Html_CurveThatNeverClears_SaysNoneWithinTheSizesTried()
    {
        var curve = SampleCurves.Support() with { Baseline = SampleCurves.Support().Baseline! with { Quality = new(0.95, 0.93, 0.97, "wilson") } };

        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService()) with { Curve = curve });

        Assert.Contains("none within the sizes tried", html);
        Assert.DoesNotContain("clears at", html);
    }

    [Fact]
    public void Html_WithoutCurve_HasNoLearningCurveSection()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService()));

        Assert.DoesNotContain("id=\"learning-curve\"", html);
    }
}
