using System.Text.Json;
using Crossover.Evaluation.Cascades;
using Crossover.Routing;

namespace Crossover.Cli.Tests;

/// <summary><c>crossover cascade RUN</c> on runs that the evaluation runner really made against the scripted server (see <see cref="CascadeRun"/>).</summary>
public sealed class CascadeCommandTests
{
    [Fact]
    public async Task Cascade_Table_RecommendsTheCalibratedCascade_AndStoresTheAnalysis()
    {
        using var run = await CascadeRun.CreateAsync();

        var result = await CliRunner.RunAsync("cascade", run.RunId, "--db", run.Workspace.Db);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Recommended: nano>mini@confidence", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("nano>mini@format *", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("mini *", result.Stdout.Replace("nano>mini", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("nano>mini@confidence", CascadeStore.Load(run.Store, run.RunId).Recommended);
    }

    [Fact]
    public async Task Cascade_JsonAndExport_WritesThePlanUseCascadeReads()
    {
        using var run = await CascadeRun.CreateAsync();
        var planPath = Path.Combine(run.Workspace.Folder, "out", "cascade.json");

        var result = await CliRunner.RunAsync("cascade", run.RunId, "--db", run.Workspace.Db, "--format", "json", "--export", planPath);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("nano>mini@confidence", json.RootElement.GetProperty("recommended").GetString());
        var plan = CascadePlan.Load(planPath);
        Assert.Equal((CascadeGate.Confidence, "nano", "mini"), (plan.Gate, plan.Stages[0].Candidate, plan.Stages[1].Candidate));
        Assert.Equal(0.9, plan.Threshold!.Value, 12);
        Assert.Equal(["billing", "bug", "account", "other"], plan.Labels);
        Assert.Equal(run.RunId, plan.RunId);
    }

    [Fact]
    public async Task Report_WithEvidenceRunThatHasACascadeAnalysis_ShowsTheCascadesSection()
    {
        using var run = await CascadeRun.CreateAsync();
        var page = Path.Combine(run.Workspace.Folder, "report.html");
        var profile = CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml");
        var before = await CliRunner.RunAsync("report", profile, "--out", page, "--evidence", run.RunId, "--db", run.Workspace.Db);
        var withoutAnalysis = File.ReadAllText(page);

        await CliRunner.RunAsync("cascade", run.RunId, "--db", run.Workspace.Db);
        var after = await CliRunner.RunAsync("report", profile, "--out", page, "--evidence", run.RunId, "--db", run.Workspace.Db);

        Assert.Equal((0, 0), (before.ExitCode, after.ExitCode));
        Assert.DoesNotContain("id=\"cascades\"", withoutAnalysis, StringComparison.Ordinal);
        Assert.Contains("The dashed line is the Pareto frontier: nano, nano&gt;mini@format, nano&gt;mini@confidence.", File.ReadAllText(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_WithMeasuredCascade_PricesTheCascadeOptionAtItsMeasuredCost()
    {
        using var run = await CascadeRun.CreateAsync();
        await CliRunner.RunAsync("cascade", run.RunId, "--db", run.Workspace.Db);
        var measured = CascadeStore.Measured(run.Workspace.Db, run.RunId, null);
        var profile = CliRunner.RepoPath("examples", "scenarios", "mixed-production.yaml");

        var result = await CliRunner.RunAsync("decide", profile, "--evidence", run.RunId, "--db", run.Workspace.Db, "--cascade", "recommended", "--format", "json");
        var unknown = await CliRunner.RunAsync("decide", profile, "--evidence", run.RunId, "--db", run.Workspace.Db, "--cascade", "nano>nope@format");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var cascade = json.RootElement.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("kind").GetString() == "cascade");
        Assert.Equal(measured.CostPerRequestUsd, cascade.GetProperty("cost").GetProperty("costPerRequestUsd").GetDouble(), 9);
        Assert.Contains(json.RootElement.GetProperty("replacements").EnumerateArray(), r => r.GetProperty("field").GetString() == "cascade.quality");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Single(unknown.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Cascade_TargetNoOptionCanProve_ExitsOneWithTheReason()
    {
        using var run = await CascadeRun.CreateAsync();

        // 40/40 right has a 95 % lower bound of 0.912, so no option can show 0.99.
        var result = await CliRunner.RunAsync("cascade", run.RunId, "--db", run.Workspace.Db, "--target-quality", "0.99");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No recommendation: no option's 95 % lower bound on test reaches 99 %", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-dev", "no dev records")]
    [InlineData("one-candidate", "has one candidate")]
    [InlineData("unknown-stage", "no candidate 'gpt-5'")]
    [InlineData("no-logprobs", "--gate confidence: candidate 'nano' has no token log-probabilities")]
    [InlineData("bad-gate", "--gate: 'vibes' is not a gate")]
    [InlineData("both-objectives", "--target-quality and --budget")]
    public async Task Cascade_BadInput_OneLineAndExitTwo(string scenario, string expected)
    {
        using var run = await CascadeRun.CreateAsync(
            evaluate: scenario == "no-dev" ? "test" : "dev+test", logProbs: scenario != "no-logprobs", oneCandidate: scenario == "one-candidate");
        string[] extra = scenario switch
        {
            "unknown-stage" => ["--stages", "nano,gpt-5"],
            "no-logprobs" => ["--gate", "confidence"],
            "bad-gate" => ["--gate", "format,vibes"],
            "both-objectives" => ["--target-quality", "0.9", "--budget", "1"],
            _ => [],
        };

        var result = await CliRunner.RunAsync(["cascade", run.RunId, "--db", run.Workspace.Db, .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Empty(result.Stdout);
    }
}
