using Crossover.Evaluation.Store;
using Microsoft.Data.Sqlite;

namespace Crossover.Cli.Tests;

/// <summary>What every verb promises whatever it is given: one line and exit 2 for anything the user can fix, and nothing created or written by a command that fails its checks.</summary>
public sealed class CrossoverCliTests : IDisposable
{
    private static readonly string Profile = CliRunner.RepoPath("examples", "scenarios", "support-tone.yaml");
    private readonly string _folder = Directory.CreateTempSubdirectory("crossover-cli-").FullName;

    [Theory]
    [InlineData("tune", "start", "x.yaml", "--backend", "local", "--model", "m", "--learning-rate-multiplier", "NaN", "--db", "{db}")]
    [InlineData("tune", "start", "x.yaml", "--backend", "openai-compatible", "--model", "m", "--learning-rate-multiplier", "Infinity", "--db", "{db}")]
    [InlineData("tune", "status", "tj-1", "--wait", "--poll-interval", "NaN", "--db", "{db}")]
    [InlineData("tune", "curve", "x.yaml", "--sizes", "8", "--model", "m", "--learning-rate", "NaN", "--db", "{db}")]
    [InlineData("tune", "export", "x.yaml", "--tool", "axolotl", "--out", "{folder}/o", "--base-model", "b", "--lora-dropout", "-Infinity")]
    public async Task NonFiniteNumber_AnyVerb_IsOneLineBeforeAnythingHappens(params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args.Select(a => a.Replace("{db}", Db, StringComparison.Ordinal).Replace("{folder}", _folder, StringComparison.Ordinal))]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a finite number", result.Stderr, StringComparison.Ordinal);
        AssertOneLine(result);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task UnknownFormat_IsOneLine()
    {
        var result = await CliRunner.RunAsync("decide", Profile, "--format", "xml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("xml", result.Stderr, StringComparison.Ordinal);
        AssertOneLine(result);
    }

    [Fact]
    public async Task EndlessFileGivenAsProfile_IsRefusedAtTheSizeCap()
    {
        var result = await CliRunner.RunAsync("decide", "/dev/zero");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("larger than 8 MiB", result.Stderr, StringComparison.Ordinal);
        AssertOneLine(result);
    }

    [Fact]
    public async Task DirectoryGivenAsProfile_SaysItIsADirectory()
    {
        var result = await CliRunner.RunAsync("decide", _folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a directory", result.Stderr, StringComparison.Ordinal);
        AssertOneLine(result);
    }

    [Fact]
    public async Task TuneStart_ZeroPollInterval_FailsBeforeSubmittingOrWriting()
    {
        var result = await CliRunner.RunAsync("tune", "start", CliRunner.RepoPath("examples", "ticket-routing", "experiment.yaml"), "--backend", "openai-compatible",
            "--model", "gpt-4.1-mini", "--base-url", "http://127.0.0.1:9/v1", "--wait", "--poll-interval", "0", "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--poll-interval", result.Stderr, StringComparison.Ordinal);
        AssertOneLine(result);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("cancel")]
    public async Task TuneLookupOfAnUnknownJob_CreatesNoStore(string verb)
    {
        var result = await CliRunner.RunAsync("tune", verb, "tj-unknown", "--db", Db);

        Assert.Equal(2, result.ExitCode);
        AssertOneLine(result);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task TuneStatus_StoreWithoutJobTables_IsLeftUnchanged()
    {
        RunStore.Open(Db);
        SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(Db);

        var result = await CliRunner.RunAsync("tune", "status", "tj-unknown", "--db", Db);

        Assert.Equal(2, result.ExitCode);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(Db));
    }

    [Theory]
    [InlineData("decide")]
    [InlineData("report")]
    public async Task DamagedStore_IsOneLineNamingTheStore(string verb)
    {
        WriteRun(Db, "r1");
        var bytes = File.ReadAllBytes(Db);
        Assert.True(bytes.Length > 3 * 4096, "the store should span several pages");
        Array.Fill(bytes, (byte)0x55, 4096, bytes.Length - 4096);
        File.WriteAllBytes(Db, bytes);

        var result = verb == "decide"
            ? await CliRunner.RunAsync("decide", Profile, "--evidence", "r1", "--db", Db, "--prompted", "fewshot", "--fine-tuned", "tuned", "--draws", "0")
            : await CliRunner.RunAsync("report", Profile, "--evidence", "r1", "--db", Db, "--out", Path.Combine(_folder, "r.html"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Db, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("damaged", result.Stderr, StringComparison.Ordinal);
        AssertOneLine(result);
    }

    [Fact]
    public async Task Evidence_IsReadWithoutChangingTheStore()
    {
        WriteRun(Db, "r1");
        var before = File.ReadAllBytes(Db);

        var result = await CliRunner.RunAsync("decide", Profile, "--evidence", "r1", "--db", Db, "--prompted", "fewshot", "--fine-tuned", "tuned", "--draws", "0");

        Assert.Equal(0, result.ExitCode);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(Db));
    }

    [Fact]
    public async Task KeyWithALineBreak_IsRefusedBeforeAnyCallOrStore()
    {
        const string variable = "CROSSOVER_TEST_OPENAI_CRLF_API_KEY";
        Environment.SetEnvironmentVariable(variable, "sk-abc123\r\nX-Injected: 1");
        try
        {
            File.WriteAllText(Path.Combine(_folder, "data.jsonl"), "{\"text\":\"a\",\"label\":\"bug\"}\n{\"text\":\"b\",\"label\":\"billing\"}\n");
            var experiment = Path.Combine(_folder, "e.yaml");
            File.WriteAllText(experiment, $$$"""
                name: tickets
                dataset: { path: data.jsonl, expected: label, split: { train: 0, dev: 0, test: 1 } }
                task: { kind: classification, instructions: Route., input: "{{text}}", labels: [bug, billing] }
                candidates:
                  - { name: a, model: { provider: openai, id: gpt-4.1-mini, baseUrl: "http://127.0.0.1:9/v1", apiKeyEnv: {{{variable}}} } }
                """);

            var eval = await CliRunner.RunAsync("eval", experiment, "--db", Db);
            var start = await CliRunner.RunAsync("tune", "start", experiment, "--backend", "openai-compatible", "--model", "gpt-4.1-mini", "--api-key-env", variable, "--db", Db);

            foreach (var result in new[] { eval, start })
            {
                Assert.Equal(2, result.ExitCode);
                Assert.Contains($"the environment variable {variable} holds a", result.Stderr, StringComparison.Ordinal);
                Assert.DoesNotContain("sk-abc123", result.Stderr, StringComparison.Ordinal);
                AssertOneLine(result);
            }

            Assert.False(File.Exists(Db));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Db => Path.Combine(_folder, ".crossover", "crossover.db");

    private static void AssertOneLine(CliResult result)
    {
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A run of two candidates on 400 items, checkpointed into the main file (no WAL left beside it).</summary>
    private static void WriteRun(string db, string runId)
    {
        var store = RunStore.Open(db);
        store.AddRun(new RunInfo(runId, "support replies", "experiment.yaml", "name: support replies", DateTimeOffset.UnixEpoch, "accuracy", "accuracy",
            [new RunCandidate("fewshot", new RunModel("openai", "gpt-4.1", null)), new RunCandidate("tuned", new RunModel("openai", "gpt-4.1-mini", null))]));
        var records = new List<RunRecord>();
        for (var i = 0; i < 400; i++)
        {
            records.Add(new RunRecord(runId, "fewshot", $"item-{i}", 0, "p1", "yes", "yes", "yes", true, $"{{\"accuracy\": {(i % 5 == 0 ? 0 : 1)}}}", 3_000, 2_048, 180, 1_800, 900, 300, 1_200 + i, false, null));
            records.Add(new RunRecord(runId, "tuned", $"item-{i}", 0, "p2", "yes", "yes", "yes", true, $"{{\"accuracy\": {(i % 10 == 0 ? 0 : 1)}}}", 420, 0, 170, 60, 0, 300, 400 + i, false, null));
        }

        store.Append(records);
        SqliteConnection.ClearAllPools();
    }
}
