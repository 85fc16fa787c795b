using System.Text.Json;

namespace Crossover.Cli.Tests;

/// <summary><c>crossover optimize</c> end to end: plan, search, the prompt file and candidate it adds, and <c>eval</c> on them.</summary>
public sealed class OptimizeCommandTests
{
    /// <summary>Right on an item only when a demonstration of its label is shown, or for billing items.</summary>
    private static Reply Model(SeenRequest request)
    {
        var messages = request.Body["messages"]!.AsArray();
        var label = Workspace.LabelOf(Workspace.IndexOf(request.UserMessage));
        var shown = messages.Where(m => (string?)m!["role"] == "assistant").Select(m => (string?)m!["content"]).ToHashSet();
        return Reply.Text(shown.Contains(label) || label == "billing" ? label : "billing");
    }

    private static string Experiment(Workspace workspace, string baseUrl)
    {
        workspace.WriteTickets(60);
        return workspace.WriteExperiment(
            baseUrl,
            candidates: $$"""
                  - name: small
                    model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{baseUrl}}/v1" }
                """,
            split: "{ train: 0.4, dev: 0.4, test: 0.2, seed: 3 }");
    }

    [Fact]
    public async Task Optimize_WritesThePromptFile_AddsTheCandidate_AndEvalScoresItOnTheTestSplit()
    {
        using var workspace = new Workspace();
        using var server = new ScriptedServer(Model);
        var experiment = Experiment(workspace, server.BaseUrl);

        var dryRun = await CliRunner.RunAsync("optimize", experiment, "--candidate", "small", "--proposals", "0", "--dry-run", "--db", workspace.Db);
        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains("nothing was called", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(workspace.Db));

        var result = await CliRunner.RunAsync("optimize", experiment, "--candidate", "small", "--proposals", "0", "--trials", "20", "--db", workspace.Db, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        Assert.Equal(1.0, document.RootElement.GetProperty("best").GetProperty("score").GetDouble());
        Assert.Equal("small-optimized", document.RootElement.GetProperty("addedCandidate").GetString());
        var promptFile = Path.Combine(workspace.Folder, document.RootElement.GetProperty("promptFile").GetString()!);
        Assert.Contains("demonstrations: [", File.ReadAllText(promptFile), StringComparison.Ordinal);
        Assert.Contains("prompt: \"small-optimized.prompt.yaml\"", File.ReadAllText(experiment), StringComparison.Ordinal);
        Assert.Contains("resume with: crossover optimize --resume", result.Stderr, StringComparison.Ordinal);

        var eval = await CliRunner.RunAsync("eval", experiment, "--db", workspace.Db, "--format", "json");

        Assert.Equal(0, eval.ExitCode);
        using var scored = JsonDocument.Parse(eval.Stdout);
        var candidates = scored.RootElement.GetProperty("candidates");
        Assert.Equal(0.25, candidates[0].GetProperty("metrics").GetProperty("accuracy").GetProperty("value").GetDouble(), 2);
        Assert.Equal("small-optimized", candidates[1].GetProperty("name").GetString());
        Assert.Equal(1.0, candidates[1].GetProperty("metrics").GetProperty("accuracy").GetProperty("value").GetDouble());

        var page = Path.Combine(workspace.Folder, "report.html");
        var profile = CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml");
        var runId = scored.RootElement.GetProperty("runId").GetString()!;
        var labelled = await CliRunner.RunAsync("report", profile, "--out", page, "--evidence", runId, "--db", workspace.Db, "--prompted", "small-optimized");
        Assert.True(labelled.ExitCode == 0, labelled.Stderr);
        Assert.Contains("The prompted candidate small-optimized is the prompt crossover optimize found", File.ReadAllText(page), StringComparison.Ordinal);
        Assert.Contains("against 0.25", File.ReadAllText(page), StringComparison.Ordinal);
        var plain = await CliRunner.RunAsync("report", profile, "--out", page, "--evidence", runId, "--db", workspace.Db, "--prompted", "small");
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.Contains("prompt was not optimized", File.ReadAllText(page), StringComparison.Ordinal);

        var again = await CliRunner.RunAsync("optimize", experiment, "--candidate", "small", "--proposals", "0", "--trials", "20", "--db", workspace.Db);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already uses it", again.Stdout, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(experiment), l => l.Contains("small-optimized", StringComparison.Ordinal) && l.Contains("name:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--candidate", "nope", "no candidate 'nope'")]
    [InlineData("--budget", "0.000000001", "below one trial")]
    [InlineData("--trials", "0", "--trials 0 is out of range")]
    public async Task Optimize_BadInput_IsOneLineAndExit2(string option, string value, string expected)
    {
        using var workspace = new Workspace();
        using var server = new ScriptedServer(Model);
        var experiment = Experiment(workspace, server.BaseUrl);
        var args = option == "--candidate" ? new[] { "optimize", experiment, option, value, "--db", workspace.Db } : ["optimize", experiment, "--candidate", "small", option, value, "--db", workspace.Db];

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(workspace.Db), "a failed command must not create a store");
    }
}
