using System.Net;

namespace Crossover.Reports.Tests;

public sealed class ArticleSourcesTests
{
    private static readonly string Seeds = Path.GetFullPath(Path.Combine(BrowserFixture.RepoRoot(), "..", "shared", "seeds"));

    public static TheoryData<string> Articles() => [.. Directory.GetFiles(Seeds, "*.txt").Select(path => Path.GetFileName(path)).Order()];

    [Theory]
    [MemberData(nameof(Articles))]
    public void Describe_EveryArticle_GivesItsOwnTitleThenTheFile(string file)
    {
        var described = ArticleSources.Describe(file);

        Assert.EndsWith($" ({file})", described, StringComparison.Ordinal);
        var title = described[1..described.IndexOf('”', StringComparison.Ordinal)];
        Assert.Contains(title, File.ReadAllText(Path.Combine(Seeds, file)), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_PricePageOrDoc_IsUnchanged()
    {
        Assert.Equal("https://platform.openai.com/docs/pricing", ArticleSources.Describe("https://platform.openai.com/docs/pricing"));
    }

    [Fact]
    public async Task Decide_BundledExample_ShowsArticleTitlesInTheTableMarkdownHtmlAndMarkdownReport()
    {
        var profile = Path.Combine(BrowserFixture.RepoRoot(), "examples", "scenarios", "customer-service-5m-tickets.yaml");
        var folder = Directory.CreateTempSubdirectory("crossover-sources-");
        try
        {
            var html = Path.Combine(folder.FullName, "r.html");
            var md = Path.Combine(folder.FullName, "r.md");
            var json = await RunAsync("decide", profile, "--format", "json");
            var table = await RunAsync("decide", profile);
            var markdown = await RunAsync("decide", profile, "--format", "markdown");
            await RunAsync("report", profile, "--out", html);
            await RunAsync("report", profile, "--out", md, "--format", "markdown");

            var sources = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("criteria").EnumerateArray()
                .Select(c => c.GetProperty("source").GetString()!).Where(s => s.EndsWith(".txt", StringComparison.Ordinal)).Distinct().ToList();
            Assert.NotEmpty(sources);
            foreach (var source in sources)
            {
                var described = ArticleSources.Describe(source);
                Assert.Contains(described, table, StringComparison.Ordinal);
                Assert.Contains(described, markdown.Replace("\\_", "_", StringComparison.Ordinal), StringComparison.Ordinal);
                Assert.Contains(described, WebUtility.HtmlDecode(File.ReadAllText(html)), StringComparison.Ordinal);
                Assert.Contains(described, File.ReadAllText(md).Replace("\\_", "_", StringComparison.Ordinal), StringComparison.Ordinal);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Crossover.Cli.CrossoverCli.RunAsync(stdout, stderr, args, CancellationToken.None);
        Assert.True(exit == 0, stderr.ToString());
        return stdout.ToString();
    }
}
