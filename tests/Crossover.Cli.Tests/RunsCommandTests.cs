using System.Text.Json;

namespace Crossover.Cli.Tests;

public sealed class RunsCommandTests
{
    private static Reply Answer(SeenRequest request)
    {
        var i = Workspace.IndexOf(request.UserMessage);
        return Reply.Text(request.Model == "weak-model" && i % 2 == 1 ? "unsure" : Workspace.LabelOf(i), 40, 2);
    }

    [Fact]
    public async Task Eval_StoppedWithCtrlC_PrintsTheRunIdAndResumeCommand_RunsListSaysKilled_ResumeCompletesIt()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(40);
        using var stop = new CancellationTokenSource();
        var answered = 0;
        using var server = new ScriptedServer(request =>
        {
            if (Interlocked.Increment(ref answered) == 5)
            {
                stop.Cancel();
            }

            return Answer(request);
        });
        var experiment = workspace.WriteExperiment(server.BaseUrl, extra: "concurrency: 1");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await CrossoverCli.RunAsync(stdout, stderr, ["eval", experiment, "--db", workspace.Db], stop.Token);

        Assert.Equal(130, exit);
        var runId = JsonDocument.Parse((await CliRunner.RunAsync("runs", "list", "--db", workspace.Db, "--format", "json")).Stdout).RootElement[0].GetProperty("id").GetString()!;
        var resume = $"crossover eval --resume {runId} --db {workspace.Db}";
        var lines = stderr.ToString().Split('\n');
        Assert.StartsWith($"eval: run {runId} · to continue it if stopped: {resume}", lines[0], StringComparison.Ordinal);
        Assert.Contains($"eval: run {runId} stopped; continue it with: {resume}", stderr.ToString(), StringComparison.Ordinal);

        var killed = await ListAsync(workspace.Db);
        Assert.Equal("killed", killed.GetProperty("status").GetString());
        Assert.Equal(80, killed.GetProperty("planned").GetInt32());
        Assert.InRange(killed.GetProperty("records").GetInt32(), 1, 79);

        var resumed = await CliRunner.RunAsync("eval", "--resume", runId, "--db", workspace.Db, "--format", "json");

        Assert.Equal(0, resumed.ExitCode);
        var complete = await ListAsync(workspace.Db);
        Assert.Equal("complete", complete.GetProperty("status").GetString());
        Assert.Equal(80, complete.GetProperty("records").GetInt32());
        Assert.Equal(["good", "weak"], complete.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()!));
    }

    [Fact]
    public async Task EvalResume_CompleteRun_NeedsNoKeyAndCallsNothing()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(6);
        using var server = new ScriptedServer(Answer);
        var variable = "CROSSOVER_TEST_OPENAI_" + Guid.NewGuid().ToString("N").ToUpperInvariant() + "_KEY";
        var experiment = workspace.WriteExperiment(server.BaseUrl, candidates: $"""
              - name: keyed
                model: {"{"} provider: openai, id: gpt-4.1-mini, baseUrl: "{server.BaseUrl}/v1", apiKeyEnv: {variable} {"}"}
            """);
        Environment.SetEnvironmentVariable(variable, "sk-test");
        CliResult first;
        try
        {
            first = await CliRunner.RunAsync("eval", experiment, "--db", workspace.Db, "--format", "json");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Assert.Equal(0, first.ExitCode);
        var runId = JsonDocument.Parse(first.Stdout).RootElement.GetProperty("runId").GetString()!;
        var calls = server.Requests.Count;

        var resumed = await CliRunner.RunAsync("eval", "--resume", runId, "--db", workspace.Db, "--format", "json");

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(calls, server.Requests.Count);
        Assert.Equal(1.0, JsonDocument.Parse(resumed.Stdout).RootElement.GetProperty("candidates")[0].GetProperty("metrics").GetProperty("accuracy").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task RunsList_RunWithFailedCalls_IsPartialWithItsErrorsAndCost()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(6);
        using var server = new ScriptedServer(r => Workspace.IndexOf(r.UserMessage) == 2 ? Reply.Status(400) : Answer(r));
        await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl), "--db", workspace.Db);

        var run = await ListAsync(workspace.Db);
        var table = await CliRunner.RunAsync("runs", "list", "--db", workspace.Db);

        Assert.Equal("partial", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("errors").GetInt32());
        Assert.Equal(12, run.GetProperty("records").GetInt32());
        Assert.True(run.GetProperty("costUsd").GetDouble() > 0, "gpt-4.1-mini has a catalog price");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("partial", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("12/12 (2 errors)", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsShow_PrintsStatusThenTheRunsTables_AndRmDeletesIt()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        using var server = new ScriptedServer(Answer);
        var first = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl), "--db", workspace.Db, "--format", "json");
        var runId = JsonDocument.Parse(first.Stdout).RootElement.GetProperty("runId").GetString()!;

        var show = await CliRunner.RunAsync("runs", "show", runId, "--db", workspace.Db);
        var rm = await CliRunner.RunAsync("runs", "rm", runId, "--db", workspace.Db);
        var after = await CliRunner.RunAsync("runs", "show", runId, "--db", workspace.Db);

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("complete", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("16/16", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("Paired comparisons", show.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, rm.ExitCode);
        Assert.Equal(2, after.ExitCode);
        Assert.Contains($"no run '{runId}'", after.Stderr, StringComparison.Ordinal);
        Assert.Equal("[]", (await CliRunner.RunAsync("runs", "list", "--db", workspace.Db, "--format", "json")).Stdout.Trim());
    }

    [Fact]
    public async Task RunsCompare_TwoRuns_GivesEachCandidatesChange()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        using var before = new ScriptedServer(Answer);
        var a = await CliRunner.RunAsync("eval", workspace.WriteExperiment(before.BaseUrl, name: "a.yaml"), "--db", workspace.Db, "--format", "json", "--no-cache");
        using var after = new ScriptedServer(r => Reply.Text(Workspace.LabelOf(Workspace.IndexOf(r.UserMessage)), 40, 2));
        var b = await CliRunner.RunAsync("eval", workspace.WriteExperiment(after.BaseUrl, name: "b.yaml"), "--db", workspace.Db, "--format", "json", "--no-cache");
        var runA = JsonDocument.Parse(a.Stdout).RootElement.GetProperty("runId").GetString()!;
        var runB = JsonDocument.Parse(b.Stdout).RootElement.GetProperty("runId").GetString()!;

        var result = await CliRunner.RunAsync("runs", "compare", runA, runB, "--db", workspace.Db, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var rows = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("candidates");
        Assert.Equal(0.0, rows[0].GetProperty("change").GetDouble(), 9);
        Assert.Equal(0.5, rows[1].GetProperty("change").GetDouble(), 9);
        Assert.Equal("weak", rows[1].GetProperty("candidate").GetString());
    }

    [Fact]
    public async Task RunsList_NoStore_SaysWhereItLookedAndExitsTwo()
    {
        using var workspace = new Workspace();

        var result = await CliRunner.RunAsync("runs", "list", "--db", workspace.Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(workspace.Db, result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ListAsync(string db)
    {
        var list = await CliRunner.RunAsync("runs", "list", "--db", db, "--format", "json");
        Assert.Equal(0, list.ExitCode);
        return JsonDocument.Parse(list.Stdout).RootElement[0].Clone();
    }
}
