using System.Text.Json;

namespace Crossover.Cli.Tests;

public sealed class TuneCurveCommandTests
{
    [Fact]
    public async Task Curve_SizeAboveTheTrainSplit_FailsWithoutCreatingAStore()
    {
        using var workspace = new CurveWorkspace(rows: 20);

        var result = await CliRunner.RunAsync("tune", "curve", workspace.Experiment, "--sizes", "5,500", "--model", workspace.Model, "--db", workspace.Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("size 500 is larger than the train split", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.Db));
    }

    [Theory]
    [InlineData("50,x", "error: 'x' in --sizes is not a whole number of examples")]
    [InlineData("50,-3", "error: '-3' in --sizes is not a whole number of examples")]
    [InlineData("100,50", "error: sizes: sizes must increase, but 50 follows 100")]
    [InlineData("0,50", "error: sizes: size 0 is not a positive number of examples")]
    public async Task Curve_BadSizes_IsOneLineUserError(string sizes, string message)
    {
        using var workspace = new CurveWorkspace(rows: 20);

        var result = await CliRunner.RunAsync("tune", "curve", workspace.Experiment, "--sizes", sizes, "--model", workspace.Model, "--db", workspace.Db);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Curve_SizeAboveTrainSplit_NamesTheSplitSize()
    {
        using var workspace = new CurveWorkspace(rows: 20);

        var result = await CliRunner.RunAsync("tune", "curve", workspace.Experiment, "--sizes", "5,11", "--model", workspace.Model, "--db", workspace.Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("size 11 is larger than the train split, which has 10 examples", result.Stderr);
        Assert.Contains("use sizes up to 10", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Curve_Json_PrintsTheCurveWritesOutAndReportShowsIt()
    {
        using var workspace = new CurveWorkspace(rows: 24);
        var outFile = Path.Combine(workspace.Folder, "curve.json");

        var result = await CliRunner.RunAsync("tune", "curve", workspace.Experiment, "--sizes", "4,8", "--model", workspace.Model, "--epochs", "2",
            "--learning-rate", "0.01", "--cost-per-label", "0.5", "--db", workspace.Db, "--format", "json", "--out", outFile);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("curve-8: training on 8 examples", result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        var runId = root.GetProperty("runId").GetString()!;
        Assert.StartsWith("keys-curve-", runId, StringComparison.Ordinal);
        Assert.Equal("accuracy", root.GetProperty("metric").GetString());
        Assert.Equal(12, root.GetProperty("trainSplitSize").GetInt32());
        Assert.Equal(0.5, root.GetProperty("costPerLabelUsd").GetDouble());
        var points = root.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([4, 8], points.Select(p => p.GetProperty("examples").GetInt32()));
        foreach (var point in points)
        {
            Assert.Equal(12, point.GetProperty("items").GetInt32());
            Assert.True(point.GetProperty("trainingTokens").GetInt64() > 0);
            Assert.True(point.GetProperty("trainingSeconds").GetDouble() >= 0);
            var quality = point.GetProperty("quality");
            var (low, value, high) = (quality.GetProperty("low").GetDouble(), quality.GetProperty("value").GetDouble(), quality.GetProperty("high").GetDouble());
            Assert.True(low >= 0 && low <= value + 1e-9 && value <= high + 1e-9 && high <= 1, $"interval [{low}, {high}] around {value}");
        }

        var baseline = root.GetProperty("baseline");
        Assert.Equal("base-zero-shot", baseline.GetProperty("candidate").GetString());
        Assert.Equal(runId, baseline.GetProperty("runId").GetString());
        Assert.True(root.TryGetProperty("clearingSize", out _));
        using var written = JsonDocument.Parse(File.ReadAllText(outFile));
        Assert.Equal(runId, written.RootElement.GetProperty("runId").GetString());

        var again = await CliRunner.RunAsync("tune", "curve", workspace.Experiment, "--sizes", "4", "--model", workspace.Model, "--epochs", "1",
            "--db", workspace.Db, "--baseline-run", runId, "--baseline", "base-zero-shot");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains($"baseline: base-zero-shot ({workspace.Model}, run {runId})", again.Stdout.ReplaceLineEndings(" "));

        var profile = CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml");
        var fromStore = await CliRunner.RunAsync("report", profile, "--out", Path.Combine(workspace.Folder, "store.md"), "--format", "markdown", "--curve", runId, "--db", workspace.Db);
        var fromFile = await CliRunner.RunAsync("report", profile, "--out", Path.Combine(workspace.Folder, "file.md"), "--format", "markdown", "--curve", outFile);
        Assert.Equal(0, fromStore.ExitCode);
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Contains($"Run {runId} ('keys')", File.ReadAllText(Path.Combine(workspace.Folder, "store.md")));
        Assert.Contains($"Run {runId} ('keys')", File.ReadAllText(Path.Combine(workspace.Folder, "file.md")));
        Assert.Contains(Path.Combine(workspace.Folder, "store-learning-curve.svg"), fromStore.Stdout);
    }

    [Fact]
    public async Task Report_UnknownCurveRun_ListsTheRunsWithCurves()
    {
        using var workspace = new CurveWorkspace(rows: 20);
        Crossover.Evaluation.Store.RunStore.Open(workspace.Db);
        var profile = CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml");

        var result = await CliRunner.RunAsync("report", profile, "--out", Path.Combine(workspace.Folder, "r.html"), "--curve", "nope", "--db", workspace.Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no learning curve for run 'nope' in the run store", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Curve_UnknownBaselineRun_ListsTheRuns()
    {
        using var workspace = new CurveWorkspace(rows: 20);
        Crossover.Evaluation.Store.RunStore.Open(workspace.Db);

        var result = await CliRunner.RunAsync("tune", "curve", workspace.Experiment, "--sizes", "4", "--model", workspace.Model, "--db", workspace.Db, "--baseline-run", "nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no run 'nope' in the run store", result.Stderr);
    }
}
