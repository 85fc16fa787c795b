using Crossover.Evaluation.Store;

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
    public async Task Report_WithEvidence_ShowsTheRunAndUsesItsMeasurements()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-report-cli-");
        try
        {
            var db = Path.Combine(folder.FullName, "runs.db");
            WriteRun(db, "run-1");
            var path = Path.Combine(folder.FullName, "report.html");

            var result = await CliRunner.RunAsync("report", Example, "--out", path, "--evidence", "run-1", "--db", db, "--prompted", "fewshot", "--fine-tuned", "tuned");

            Assert.Equal(0, result.ExitCode);
            var html = await File.ReadAllTextAsync(path);
            Assert.Contains("<section id=\"evaluation\"", html);
            Assert.Contains("id=\"chart-eval-quality\"", html);
            Assert.Contains("From evaluation run run-1.", html);
            Assert.Contains("quality.fineTuned", html);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Report_UnknownRun_ExitsTwoWithOneLine()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-report-cli-");
        try
        {
            var db = Path.Combine(folder.FullName, "runs.db");
            WriteRun(db, "run-1");

            var result = await CliRunner.RunAsync("report", Example, "--out", Path.Combine(folder.FullName, "r.html"), "--evidence", "run-404", "--db", db);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("run-404", result.Stderr);
            Assert.Single(result.Stderr.TrimEnd().Split('\n'));
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
            Assert.StartsWith($"error: {folder.FullName}: cannot write the file", result.Stderr);
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

    /// <summary>A finished run of two candidates on 30 items, written the way the runner writes one.</summary>
    private static void WriteRun(string db, string runId)
    {
        var store = RunStore.Open(db);
        store.AddRun(new RunInfo(runId, "support replies", "experiment.yaml", "name: support replies", new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero),
            "accuracy", "accuracy", [new RunCandidate("fewshot", new RunModel("openai", "gpt-4.1", null)), new RunCandidate("tuned", new RunModel("openai", "gpt-4.1-mini", null))]));
        var records = new List<RunRecord>();
        for (var i = 0; i < 30; i++)
        {
            records.Add(new RunRecord(runId, "fewshot", $"item-{i}", 0, "p1", "yes", "yes", "yes", true, $"{{\"accuracy\": {(i % 5 == 0 ? 0 : 1)}}}", 3_000, 2_048, 180, 1_800, 900, 300, 1_200 + i, false, null));
            records.Add(new RunRecord(runId, "tuned", $"item-{i}", 0, "p2", "yes", "yes", "yes", true, $"{{\"accuracy\": {(i % 10 == 0 ? 0 : 1)}}}", 420, 0, 170, 60, 0, 300, 400 + i, false, null));
        }

        store.Append(records);
    }
}
