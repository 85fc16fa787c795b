using System.Text.Json;

namespace Crossover.Cli.Tests;

public sealed class EvalCommandTests
{
    private static Reply Answer(SeenRequest request)
    {
        var i = Workspace.IndexOf(request.UserMessage);
        return Reply.Text(request.Model == "weak-model" && i % 2 == 1 ? "unsure" : Workspace.LabelOf(i), 40, 2);
    }

    [Fact]
    public async Task Eval_JsonFormat_PrintsOneDocumentWithMetricsLatencyTokensCostAndComparisons()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(30);
        using var server = new ScriptedServer(Answer);
        var experiment = workspace.WriteExperiment(server.BaseUrl, extra: "metrics: [accuracy, format-compliance]");

        var result = await CliRunner.RunAsync("eval", experiment, "--db", workspace.Db, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        var candidates = document.RootElement.GetProperty("candidates");
        var good = candidates[0];
        Assert.Equal("good", good.GetProperty("name").GetString());
        var accuracy = good.GetProperty("metrics").GetProperty("accuracy");
        Assert.Equal(1.0, accuracy.GetProperty("value").GetDouble());
        Assert.True(accuracy.GetProperty("low").GetDouble() < 1);
        Assert.Equal(1.0, accuracy.GetProperty("high").GetDouble(), 9);
        Assert.True(good.GetProperty("latencyMs").GetProperty("p95").GetDouble() >= good.GetProperty("latencyMs").GetProperty("p50").GetDouble());
        Assert.Equal(40, good.GetProperty("tokens").GetProperty("input").GetDouble());
        Assert.Equal(2, good.GetProperty("tokens").GetProperty("output").GetDouble());
        Assert.Equal(0, good.GetProperty("tokens").GetProperty("cached").GetDouble());
        Assert.True(good.GetProperty("costPer1kUsd").GetDouble() > 0);
        Assert.Equal(0, good.GetProperty("errors").GetInt32());
        Assert.Equal(0.5, candidates[1].GetProperty("metrics").GetProperty("accuracy").GetProperty("value").GetDouble());
        var comparison = document.RootElement.GetProperty("comparisons")[0];
        Assert.True(comparison.GetProperty("significant").GetBoolean());
        Assert.Equal("good is better", comparison.GetProperty("verdict").GetString());
        Assert.Contains("eval: 60/60 (100%)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_Table_ShowsCandidatesAndVerdict()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(12);
        using var server = new ScriptedServer(Answer);

        var result = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl), "--db", workspace.Db);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("weak", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Paired comparisons", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("eval:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_DryRun_PrintsCallsTokensAndCostAndCallsNothing()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(10);
        using var server = new ScriptedServer(Answer);

        var result = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl, extra: "repeats: 3\nmetrics: [accuracy, consistency]"), "--dry-run", "--db", workspace.Db, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(workspace.Db));
        using var document = JsonDocument.Parse(result.Stdout);
        Assert.Equal(60, document.RootElement.GetProperty("totalCalls").GetInt32());
        var good = document.RootElement.GetProperty("candidates")[0];
        Assert.Equal(30, good.GetProperty("calls").GetInt32());
        Assert.True(good.GetProperty("costUsd").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("totalCostUsd").ValueKind);
    }

    [Fact]
    public async Task Eval_FailedCalls_AreRecordedAndExitWithOne()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(6);
        using var server = new ScriptedServer(r => Workspace.IndexOf(r.UserMessage) == 2 ? Reply.Status(400) : Answer(r));

        var result = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl), "--db", workspace.Db, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("warning: 2 calls failed after retries", result.Stderr, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(result.Stdout);
        Assert.Equal(1, document.RootElement.GetProperty("candidates")[0].GetProperty("errors").GetInt32());
        Assert.Contains("400", document.RootElement.GetProperty("candidates")[0].GetProperty("sampleErrors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_Resume_FinishesTheRunWithoutRepeatingCalls()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        using var server = new ScriptedServer(Answer);
        var first = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl), "--db", workspace.Db, "--format", "json");
        var runId = JsonDocument.Parse(first.Stdout).RootElement.GetProperty("runId").GetString()!;
        var calls = server.Requests.Count;

        var resumed = await CliRunner.RunAsync("eval", "--resume", runId, "--db", workspace.Db, "--format", "json");

        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(calls, server.Requests.Count);
        Assert.Contains("0 records written", resumed.Stderr, StringComparison.Ordinal);
        Assert.Contains("16 already recorded", resumed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_ResumeUnknownRun_ListsTheRunsAndExitsTwo()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        using var server = new ScriptedServer(Answer);
        var first = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl), "--db", workspace.Db, "--format", "json");
        var runId = JsonDocument.Parse(first.Stdout).RootElement.GetProperty("runId").GetString()!;

        var result = await CliRunner.RunAsync("eval", "--resume", "nope", "--db", workspace.Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {workspace.Db}: no run 'nope' in the run store (runs here: {runId})", result.Stderr.TrimEnd());
    }

    [Theory]
    [InlineData("concurrency: 0", "concurrency: 0 is out of range")]
    [InlineData("metrics: [accuracy, rouge]", "metrics: 'rouge' is not a known metric")]
    [InlineData("repeats: many", "repeats: must be a number, not 'many'")]
    [InlineData("temprature: 0", "temprature: unknown field (did you mean 'temperature'?)")]
    [InlineData("judge: { model: { provider: openai, id: gpt-4.1 }, rubric: same queue, scale: 1-10 }", "judge.scale: '1-10' is not a judge scale")]
    [InlineData("judge: { model: { provider: openai, id: gpt-4.1 }, scale: pass-fail }", "judge.rubric: is required")]
    [InlineData("judge: { model: { provider: nope, id: x }, rubric: r }", "judge.model.provider: provider 'nope' is not available")]
    public async Task Eval_BadExperiment_PrintsOneLineAndExitsTwo(string extra, string expected)
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);

        var result = await CliRunner.RunAsync("eval", workspace.WriteExperiment("http://127.0.0.1:1", extra: extra), "--db", workspace.Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_TemplateFieldMissingFromData_IsAUserError()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        var path = workspace.WriteExperiment("http://127.0.0.1:1");
        File.WriteAllText(path, File.ReadAllText(path).Replace("{{text}}", "{{body}}", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("eval", path, "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("task.input: the template uses {{body}} but the data has no such field (fields in the data: id, text, label)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_BundledExample_DryRunsAsShipped()
    {
        var result = await CliRunner.RunAsync("eval", CliRunner.RepoPath("examples", "ticket-routing", "experiment.yaml"), "--dry-run", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        Assert.True(document.RootElement.GetProperty("candidates").GetArrayLength() >= 3);
        Assert.All(document.RootElement.GetProperty("candidates").EnumerateArray(), c => Assert.True(c.GetProperty("calls").GetInt32() >= 50));
    }

    [Fact]
    public async Task Eval_StoreFailsMidRun_OneLineNamingTheStore_AndResumeFinishesWithoutLosingRecords()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(40);
        using var server = new ScriptedServer(Answer);
        var experiment = workspace.WriteExperiment(server.BaseUrl, extra: "concurrency: 1");
        Crossover.Evaluation.Store.RunStore.Open(workspace.Db);
        Exec(workspace.Db, "CREATE TRIGGER disk_full BEFORE INSERT ON records WHEN NEW.item_id = 't30' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");

        var failed = await CliRunner.RunAsync("eval", experiment, "--db", workspace.Db);
        Exec(workspace.Db, "DROP TRIGGER disk_full;");
        var runId = Crossover.Evaluation.Store.RunStore.Open(workspace.Db).Runs().Single().Id;
        var kept = Crossover.Evaluation.Store.RunStore.Open(workspace.Db).Records(runId).Count();
        var calls = server.Requests.Count;
        var resumed = await CliRunner.RunAsync("eval", "--resume", runId, "--db", workspace.Db);

        Assert.Equal(2, failed.ExitCode);
        Assert.Single(failed.Stderr.TrimEnd().Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(workspace.Db, failed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(80, Crossover.Evaluation.Store.RunStore.Open(workspace.Db).Records(runId).Count());

        // Calls answered but not recorded when the store failed are cached, so the resume pays at most for what is missing.
        Assert.InRange(server.Requests.Count - calls, 1, 80 - kept);
    }

    [Fact]
    public async Task Eval_CtrlC_PrintsTheRunAndTheResumeCommand()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(40);
        using var cancellation = new CancellationTokenSource();
        using var server = new ScriptedServer(request =>
        {
            if (Workspace.IndexOf(request.UserMessage) == 10)
            {
                cancellation.Cancel();
            }

            return Answer(request);
        });
        var experiment = workspace.WriteExperiment(server.BaseUrl, extra: "concurrency: 1");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await CrossoverCli.RunAsync(stdout, stderr, ["eval", experiment, "--db", workspace.Db], cancellation.Token);

        var runId = Crossover.Evaluation.Store.RunStore.Open(workspace.Db).Runs().Single().Id;
        Assert.Equal(130, exit);
        Assert.Contains($"eval: run {runId} stopped; continue it with: crossover eval --resume {runId} --db {workspace.Db}", stderr.ToString(), StringComparison.Ordinal);
    }

    private static void Exec(string db, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
