using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Microsoft.Data.Sqlite;

namespace Crossover.Evaluation.Tests.Store;

public sealed class RunStoreTests
{
    [Fact]
    public async Task CandidateNamedWithAPipe_KeepsItsRecordsAndAccuracy()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        using var server = new ScriptedServer(request => Reply.Text(Workspace.LabelOf(Workspace.IndexOf(request.UserMessage))));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: $"""
              - name: "gpt-4.1 | zero-shot"
                model: {"{"} provider: openai, id: gpt-4.1-mini, baseUrl: "{server.BaseUrl}/v1" {"}"}
            """));

        var outcome = await new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, RunStore.Open(workspace.Db));

        var report = RunReport.Load(RunStore.Open(workspace.Db), outcome.RunId, null);
        var candidate = Assert.Single(report.Candidates);
        Assert.Equal("gpt-4.1 | zero-shot", candidate.Name);
        Assert.Equal(8, candidate.Items);
        Assert.Equal(1.0, candidate.Metrics["accuracy"].Value);
    }

    [Theory]
    [InlineData("a|b")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("|||")]
    public void CreateRun_AnyCandidateName_ReadsBackExactly(string name)
    {
        using var workspace = new Workspace();
        var experiment = ExperimentReader.Load(WriteExperiment(workspace));
        var store = RunStore.Open(workspace.Db);
        RunCandidate[] candidates = [new(name, new RunModel("openai", "m|odel", "gpt-4.1-mini")), new("plain", new RunModel("ollama", "llama3", null))];

        var run = store.CreateRun(experiment, candidates, DateTimeOffset.UnixEpoch);

        var read = store.Run(run.Id);
        Assert.Equal(candidates, read.Candidates);
        Assert.Equal("gpt-4.1-mini", read.Candidates[0].Model.PriceKey);
    }

    [Fact]
    public void CreateRun_SameSecondTwice_GivesDistinctIds()
    {
        using var workspace = new Workspace();
        var experiment = ExperimentReader.Load(WriteExperiment(workspace));
        var store = RunStore.Open(workspace.Db);

        var first = store.CreateRun(experiment, [], DateTimeOffset.UnixEpoch);
        var second = store.CreateRun(experiment, [], DateTimeOffset.UnixEpoch);
        var curve = store.CreateRun(experiment, [], DateTimeOffset.UnixEpoch, "curve");

        Assert.Equal("tickets-19700101-000000", first.Id);
        Assert.Equal("tickets-19700101-000000-2", second.Id);
        Assert.Equal("tickets-curve-19700101-000000", curve.Id);
    }

    [Fact]
    public void LegacyStore_WithPipeAndNewlineNames_MigratesToTheCandidateTable()
    {
        using var workspace = new Workspace();
        WriteLegacyStore(workspace.Db);

        var store = RunStore.Open(workspace.Db);

        var run = store.Run("old");
        Assert.Equal(
            [new RunCandidate("gpt-4.1 | zero-shot", new RunModel("openai", "gpt-4.1", null)), new RunCandidate("two\nlines", new RunModel("openai", "gpt-4.1-mini", "gpt-4.1-mini")), new RunCandidate("plain", new RunModel("ollama", "llama3", null))],
            run.Candidates);
        Assert.Equal(new RunModel("openai", "judge-model", "gpt-4.1"), run.Judge);
        var report = RunReport.Load(store, "old", null);
        Assert.Equal(1, report.Candidates[0].Items);
        using var connection = new SqliteConnection($"Data Source={workspace.Db}");
        connection.Open();
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('runs') WHERE name IN ('candidates', 'judge')";
        Assert.Equal(0L, columns.ExecuteScalar());
    }

    [Fact]
    public void LegacyStore_OpenedReadOnly_IsReadInItsOwnLayoutAndLeftUnchanged()
    {
        using var workspace = new Workspace();
        WriteLegacyStore(workspace.Db);
        var before = File.ReadAllBytes(workspace.Db);

        var report = RunReport.Load(RunStore.OpenReadOnly(workspace.Db), "old", null);

        Assert.Equal(["gpt-4.1 | zero-shot", "two\nlines", "plain"], report.Candidates.Select(c => c.Name));
        Assert.Equal(1, report.Candidates[0].Items);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(workspace.Db));
        Assert.False(File.Exists(workspace.Db + "-wal") && new FileInfo(workspace.Db + "-wal").Length > 0);
    }

    [Fact]
    public void OpenReadOnly_NoFile_FailsWithoutCreatingOne()
    {
        using var workspace = new Workspace();

        var error = Assert.Throws<InputException>(() => RunStore.OpenReadOnly(workspace.Db));

        Assert.Contains("no run store here", error.Message);
        Assert.False(File.Exists(workspace.Db));
        Assert.False(Directory.Exists(Path.GetDirectoryName(workspace.Db)));
    }

    [Theory]
    [InlineData("UPDATE records SET scores = '{oops'")]
    [InlineData("UPDATE records SET scores = '[1]'")]
    [InlineData("UPDATE records SET scores = '{\"accuracy\": \"high\"}'")]
    [InlineData("UPDATE runs SET created_at = 'yesterday'")]
    public void TamperedRow_IsOneLineNamingTheStore(string tampering)
    {
        using var workspace = new Workspace();
        var store = RunStore.Open(workspace.Db);
        store.AddRun(new RunInfo("r", "tickets", "e.yaml", "name: tickets", DateTimeOffset.UnixEpoch, "accuracy", "accuracy", [new RunCandidate("a", new RunModel("openai", "m", null))]));
        store.Append([new RunRecord("r", "a", "t0", 0, "h", "bug", "bug", "bug", true, "{\"accuracy\":1}", 10, 0, 2, 5, 0, 5, 12.5, false, null)]);
        using (var connection = new SqliteConnection($"Data Source={workspace.Db}"))
        {
            connection.Open();
            using var tamper = connection.CreateCommand();
            tamper.CommandText = tampering;
            tamper.ExecuteNonQuery();
        }

        var error = Assert.Throws<InputException>(() => RunReport.Load(store, "r", null));

        Assert.Contains(workspace.Db, error.Message);
        Assert.Contains("damaged", error.Message);
    }

    private static string WriteExperiment(Workspace workspace)
    {
        workspace.WriteTickets(4);
        return workspace.WriteExperiment("http://127.0.0.1:9");
    }

    /// <summary>A store in the layout before run_candidates: candidates as "name|provider|model|priceAs" lines, the judge as one text.</summary>
    private static void WriteLegacyStore(string db)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE runs (id TEXT PRIMARY KEY, name TEXT NOT NULL, experiment_file TEXT NOT NULL, experiment_text TEXT NOT NULL,
              created_at TEXT NOT NULL, primary_metric TEXT NOT NULL, metrics TEXT NOT NULL, candidates TEXT NOT NULL, judge TEXT);
            CREATE TABLE records (run_id TEXT NOT NULL, candidate TEXT NOT NULL, item_id TEXT NOT NULL, repeat INTEGER NOT NULL,
              prompt_hash TEXT NOT NULL, expected TEXT NOT NULL, output TEXT, parsed TEXT, compliant INTEGER NOT NULL,
              scores TEXT NOT NULL, input_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
              instruction_tokens INTEGER NOT NULL, example_tokens INTEGER NOT NULL, item_tokens INTEGER NOT NULL,
              latency_ms REAL NOT NULL, from_cache INTEGER NOT NULL, error TEXT, created_at TEXT NOT NULL, judge_error TEXT,
              judge_input_tokens INTEGER, judge_cached_tokens INTEGER, judge_output_tokens INTEGER,
              PRIMARY KEY (run_id, candidate, item_id, repeat));
            INSERT INTO runs VALUES ('old', 'tickets', 'e.yaml', 'name: tickets', '2026-01-01T00:00:00.0000000+00:00', 'accuracy', 'accuracy',
              'gpt-4.1 | zero-shot|openai|gpt-4.1|' || char(10) || 'two' || char(10) || 'lines|openai|gpt-4.1-mini|gpt-4.1-mini' || char(10) || 'plain|ollama|llama3|',
              'openai|judge-model|gpt-4.1');
            INSERT INTO records VALUES ('old', 'gpt-4.1 | zero-shot', 't0', 0, 'h', 'bug', 'bug', 'bug', 1, '{"accuracy":1}', 10, 0, 2, 5, 0, 5, 12.5, 0, NULL, '2026-01-01T00:00:00Z', NULL, NULL, NULL, NULL);
            """;
        command.ExecuteNonQuery();
        SqliteConnection.ClearAllPools();
    }
}
