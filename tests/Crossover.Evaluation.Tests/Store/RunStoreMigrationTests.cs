using Crossover.Evaluation.Results;
using Crossover.Evaluation.Store;
using Microsoft.Data.Sqlite;

namespace Crossover.Evaluation.Tests.Store;

public sealed class RunStoreMigrationTests
{
    [Fact]
    public void StoreFromBeforeJudgeUsage_GainsTheColumnsAndKeepsItsRunReadable()
    {
        using var workspace = new Workspace();
        Directory.CreateDirectory(Path.GetDirectoryName(workspace.Db)!);
        using (var connection = new SqliteConnection($"Data Source={workspace.Db}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();

            // The layout of a store written before judge_error, judge usage and runs.judge existed.
            command.CommandText = """
                CREATE TABLE runs (id TEXT PRIMARY KEY, name TEXT NOT NULL, experiment_file TEXT NOT NULL, experiment_text TEXT NOT NULL,
                  created_at TEXT NOT NULL, primary_metric TEXT NOT NULL, metrics TEXT NOT NULL, candidates TEXT NOT NULL);
                CREATE TABLE records (run_id TEXT NOT NULL, candidate TEXT NOT NULL, item_id TEXT NOT NULL, repeat INTEGER NOT NULL,
                  prompt_hash TEXT NOT NULL, expected TEXT NOT NULL, output TEXT, parsed TEXT, compliant INTEGER NOT NULL,
                  scores TEXT NOT NULL, input_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
                  instruction_tokens INTEGER NOT NULL, example_tokens INTEGER NOT NULL, item_tokens INTEGER NOT NULL,
                  latency_ms REAL NOT NULL, from_cache INTEGER NOT NULL, error TEXT, created_at TEXT NOT NULL,
                  PRIMARY KEY (run_id, candidate, item_id, repeat));
                INSERT INTO runs VALUES ('old', 'tickets', 'e.yaml', 'name: tickets', '2026-01-01T00:00:00.0000000+00:00', 'accuracy', 'accuracy', 'a|openai|gpt-4.1-mini|');
                INSERT INTO records VALUES ('old', 'a', 't0', 0, 'h', 'bug', 'bug', 'bug', 1, '{"accuracy":1}', 10, 0, 2, 5, 0, 5, 12.5, 0, NULL, '2026-01-01T00:00:00Z');
                """;
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var store = RunStore.Open(workspace.Db);
        store.AddRun(new RunInfo("new", "tickets", "e.yaml", "name: tickets", DateTimeOffset.UnixEpoch, "accuracy", "accuracy,judge", [new RunCandidate("a", new RunModel("openai", "gpt-4.1-mini", null))]) { Judge = new RunModel("openai", "judge-model", "gpt-4.1-mini") });
        store.Append([new RunRecord("new", "a", "t0", 0, "h", "bug", "bug", "bug", true, "{\"accuracy\":1}", 10, 0, 2, 5, 0, 5, 12.5, false, null)
        {
            JudgeError = "judge reply is not a PASS/FAIL score: 'maybe'",
            JudgeUsage = new JudgeUsage(1_000_000, 0, 1_000_000),
            Split = "test",
            LogProbs = [-0.25, -1.5],
        }]);

        var old = RunReport.Load(store, "old", null);
        var fresh = RunReport.Load(store, "new", Core.Catalog.PriceCatalogReader.LoadBundled());

        Assert.Null(old.Judge);
        Assert.Equal(0, old.Candidates[0].JudgeErrors);
        Assert.Equal(1, fresh.Candidates[0].JudgeErrors);
        Assert.Equal(1, fresh.Judge!.Calls);
        Assert.Equal(0.40 + 1.60, fresh.Judge.CostUsd!.Value, 9);

        // The split and log-probability columns came with the migration: old records read null, new ones what was written.
        var oldRecord = store.Records("old").Single();
        var newRecord = store.Records("new").Single();
        Assert.Equal((null, null), (oldRecord.Split, oldRecord.LogProbs));
        Assert.Equal("test", newRecord.Split);
        Assert.Equal([-0.25, -1.5], newRecord.LogProbs!);
    }
}
