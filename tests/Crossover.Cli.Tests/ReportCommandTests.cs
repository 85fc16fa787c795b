namespace Crossover.Cli.Tests;

public sealed class ReportCommandTests
{
    private static readonly string Example = CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml");

    [Fact]
    public async Task Report_Html_WritesOneSelfContainedPageAndPrintsItsPath()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-report-cli-");
        try
        {
            var path = Path.Combine(folder.FullName, "out", "report.html");

            var result = await CliRunner.RunAsync("report", Example, "--out", path);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(path, result.Stdout.Trim());
            var html = await File.ReadAllTextAsync(path);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Contains("Customer service, 5M tickets/month", html);
            Assert.Equal(5, html.Split("<figure class=\"chart\"").Length - 1);
            Assert.Single(Directory.GetFiles(folder.FullName, "*", SearchOption.AllDirectories));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Report_Markdown_WritesChartSvgsNextToIt()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-report-cli-");
        try
        {
            var path = Path.Combine(folder.FullName, "decision.md");

            var result = await CliRunner.RunAsync("report", Example, "--out", path, "--format", "markdown");

            Assert.Equal(0, result.ExitCode);
            var markdown = await File.ReadAllTextAsync(path);
            var svgs = Directory.GetFiles(folder.FullName, "*.svg").Select(Path.GetFileName).ToList();
            Assert.Equal(5, svgs.Count);
            Assert.All(svgs, svg => Assert.Contains($"]({svg})", markdown));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Report_WithoutOut_ExitsTwoWithOneLine()
    {
        var result = await CliRunner.RunAsync("report", Example);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Report_OutIsADirectory_ExitsTwoWithOneLine()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-report-cli-");
        try
        {
            var result = await CliRunner.RunAsync("report", Example, "--out", folder.FullName);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: cannot write the report to", result.Stderr);
            Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Report_MissingProfile_ExitsTwoNamingTheFile()
    {
        var result = await CliRunner.RunAsync("report", "no-such-profile.yaml", "--out", Path.Combine(Path.GetTempPath(), "never.html"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-profile.yaml", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }
}
