using Microsoft.Playwright;

namespace Crossover.Reports.Tests;

/// <summary>A report page open in Chromium, with every console error and every request it made besides itself.</summary>
internal sealed class LoadedPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public List<string> ConsoleErrors { get; } = [];

    public List<string> Requests { get; } = [];

    /// <summary>Writes <paramref name="html"/> to artifacts/report/NAME.html (kept for people to look at) and opens it.</summary>
    public static async Task<LoadedPage> OpenAsync(IBrowser browser, string html, string name, ViewportSize viewport)
    {
        var file = Path.Combine(BrowserFixture.ArtifactsFolder, name + ".html");
        await File.WriteAllTextAsync(file, html);
        return await OpenFileAsync(browser, file, viewport);
    }

    public static async Task<LoadedPage> OpenFileAsync(IBrowser browser, string file, ViewportSize viewport)
    {
        var url = new Uri(file).AbsoluteUri;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport });
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

    public ValueTask DisposeAsync() => new(context.CloseAsync());
}
