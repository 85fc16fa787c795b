using Microsoft.Playwright;

namespace Crossover.Reports.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ReportBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task HtmlReport_InChromium_LoadsOfflineCleanWithEveryChartDrawn()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(withEvidence: true)));

        await using var loaded = await LoadAsync(html, "customer-service", new ViewportSize { Width = 1100, Height = 900 });

        Assert.Empty(loaded.ConsoleErrors);
        Assert.Empty(loaded.Requests);
        Assert.Equal("hybrid", await loaded.Page.GetAttributeAsync("#recommendation", "data-recommendation"));
        Assert.Equal("Hybrid: fine-tuning and prompting", await loaded.Page.TextContentAsync("#recommendation"));
        var charts = await loaded.Page.QuerySelectorAllAsync("figure.chart svg");
        Assert.Equal(5, charts.Count);
        foreach (var chart in charts)
        {
            var box = await chart.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 300 && box.Height > 150, $"chart drawn at {box.Width}×{box.Height}");
            Assert.True(await chart.EvaluateAsync<int>("svg => svg.querySelectorAll('path, rect, text').length") > 20, "chart SVG is nearly empty");
        }

        await loaded.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "customer-service.png"), FullPage = true });
    }

    [Fact]
    public async Task HtmlReport_MaliciousFields_StayInertText()
    {
        var decision = SampleDecisions.CustomerService(
            name: SampleDecisions.Malicious + "Support",
            description: "<img src=x onerror=\"window.__pwned = 2\">",
            fineTunedModel: "<script>window.__pwned = 3</script>");
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(decision));

        await using var loaded = await LoadAsync(html, "malicious", new ViewportSize { Width = 1100, Height = 900 });

        Assert.Equal(0, await loaded.Page.EvaluateAsync<int>("document.querySelectorAll('script, img').length"));
        Assert.True(await loaded.Page.EvaluateAsync<bool>("typeof window.__pwned === 'undefined'"));
        Assert.Equal(SampleDecisions.Malicious + "Support", await loaded.Page.TextContentAsync("#profile-name"));
        Assert.Empty(loaded.Requests);
        Assert.Empty(loaded.ConsoleErrors);
    }

    [Fact]
    public async Task HtmlReport_OnAPhone_FitsTheScreenWidth()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService()));

        await using var loaded = await LoadAsync(html, "phone", new ViewportSize { Width = 390, Height = 844 });

        var overflow = await loaded.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a phone screen");
        await loaded.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "phone.png"), FullPage = true });
    }

    private async Task<LoadedPage> LoadAsync(string html, string name, ViewportSize viewport)
    {
        var file = Path.Combine(BrowserFixture.ArtifactsFolder, name + ".html");
        await File.WriteAllTextAsync(file, html);
        var url = new Uri(file).AbsoluteUri;
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport });
        var page = await context.NewPageAsync();
        var loaded = new LoadedPage(context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                loaded.ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => loaded.ConsoleErrors.Add(error);
        page.Request += (_, request) =>
        {
            if (request.Url != url)
            {
                loaded.Requests.Add(request.Url);
            }
        };
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return loaded;
    }

    private sealed class LoadedPage(IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public IPage Page { get; } = page;

        public List<string> ConsoleErrors { get; } = [];

        public List<string> Requests { get; } = [];

        public ValueTask DisposeAsync() => new(context.CloseAsync());
    }
}
