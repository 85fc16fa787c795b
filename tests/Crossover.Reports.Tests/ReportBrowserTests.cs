using System.Text.Json;
using Crossover.Cli;
using Microsoft.Playwright;

namespace Crossover.Reports.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ReportBrowserTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task HtmlReport_InChromium_LoadsOfflineCleanWithEveryChartDrawn()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(withEvidence: true), SampleDecisions.Run(), SampleDecisions.Jobs()));

        await using var loaded = await LoadAsync(html, "customer-service", new ViewportSize { Width = 1100, Height = 900 });

        Assert.Empty(loaded.ConsoleErrors);
        Assert.Contains("ft:gpt-4.1-mini:acme:routing:9x → tuned-routing", await loaded.Page.TextContentAsync("#tuning-jobs"), StringComparison.Ordinal);
        Assert.Empty(loaded.Requests);
        Assert.Equal("hybrid", await loaded.Page.GetAttributeAsync("#recommendation", "data-recommendation"));
        Assert.Equal("Hybrid: fine-tuning and prompting", await loaded.Page.TextContentAsync("#recommendation"));
        Assert.Contains("Fine-tune + prompt (recommended)", await loaded.Page.TextContentAsync("#options"), StringComparison.Ordinal);
        Assert.True(await loaded.Page.IsVisibleAsync("#value-of-information table"));
        Assert.Contains("measure prompting on 200 labeled items", await loaded.Page.TextContentAsync("#value-of-information"), StringComparison.Ordinal);
        var charts = await loaded.Page.QuerySelectorAllAsync("figure.chart .chart-wide svg");
        Assert.Equal(8, charts.Count);
        foreach (var chart in charts)
        {
            var box = await chart.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 300 && box.Height > 150, $"chart drawn at {box.Width}×{box.Height}");
            Assert.True(await chart.EvaluateAsync<int>("svg => svg.querySelectorAll('path, rect, text').length") > 20, "chart SVG is nearly empty");
        }

        await loaded.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "customer-service.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task ReportCommand_CustomerServiceExample_PageRecommendationMatchesDecideJson()
    {
        var profile = Path.Combine(BrowserFixture.RepoRoot(), "examples", "scenarios", "customer-service-5m-tickets.yaml");
        var page = Path.Combine(BrowserFixture.ArtifactsFolder, "customer-service-5m-tickets.html");
        var decide = await RunCliAsync("decide", profile, "--format", "json");
        var report = await RunCliAsync("report", profile, "--out", page);
        Assert.Equal(0, decide.ExitCode);
        Assert.Equal(0, report.ExitCode);
        using var json = JsonDocument.Parse(decide.Stdout);
        var expected = json.RootElement.GetProperty("recommendation").GetString();

        await using var loaded = await LoadFileAsync(page, new ViewportSize { Width = 1100, Height = 900 });

        Assert.Equal(expected, await loaded.Page.GetAttributeAsync("#recommendation", "data-recommendation"));
        Assert.Empty(loaded.ConsoleErrors);
        Assert.Empty(loaded.Requests);
        Assert.Equal(5, (await loaded.Page.QuerySelectorAllAsync("figure.chart .chart-wide svg")).Count);
        await loaded.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "customer-service-5m-tickets.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task HtmlReport_MaliciousFields_StayInertText()
    {
        var decision = SampleDecisions.CustomerService(
            name: SampleDecisions.Malicious + "Support",
            description: "<img src=x onerror=\"window.__pwned = 2\">",
            fineTunedModel: "<script>window.__pwned = 3</script>");
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(decision, SampleDecisions.Run("<script>window.__pwned = 4</script>"), SampleDecisions.Jobs("<script>window.__pwned = 5</script>")));

        await using var loaded = await LoadAsync(html, "malicious", new ViewportSize { Width = 1100, Height = 900 });

        Assert.Equal(0, await loaded.Page.EvaluateAsync<int>("document.querySelectorAll('script, img').length"));
        Assert.True(await loaded.Page.EvaluateAsync<bool>("typeof window.__pwned === 'undefined'"));
        Assert.Equal(SampleDecisions.Malicious + "Support", await loaded.Page.TextContentAsync("#profile-name"));
        Assert.Empty(loaded.Requests);
        Assert.Empty(loaded.ConsoleErrors);
    }

    [BrowserFact]
    public async Task HtmlReport_OnAPhone_FitsTheScreenWidth()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService()));

        await using var loaded = await LoadAsync(html, "phone", new ViewportSize { Width = 390, Height = 844 });

        var overflow = await loaded.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a phone screen");
        await loaded.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "phone.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task HtmlReport_Printed_FitsAnA4PageWidth()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService()));

        // 794 CSS pixels is the width of A4 paper at 96 dpi.
        await using var loaded = await LoadAsync(html, "print", new ViewportSize { Width = 794, Height = 1123 });
        await loaded.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        Assert.True(await loaded.Page.EvaluateAsync<bool>("getComputedStyle(document.querySelector('nav.toc')).display === 'none'"));
        var overflow = await loaded.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the printed page is {overflow}px wider than A4");
        await loaded.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "print.png"), FullPage = true });
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CrossoverCli.RunAsync(stdout, stderr, args, CancellationToken.None);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private Task<LoadedPage> LoadAsync(string html, string name, ViewportSize viewport) => LoadedPage.OpenAsync(fixture.Browser, html, name, viewport);

    private Task<LoadedPage> LoadFileAsync(string file, ViewportSize viewport) => LoadedPage.OpenFileAsync(fixture.Browser, file, viewport);
}
