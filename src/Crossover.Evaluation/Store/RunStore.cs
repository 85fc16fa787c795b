using System.Globalization;
using Crossover.Core.Input;
using Crossover.Evaluation.Middleware;
using Microsoft.Data.Sqlite;

namespace Crossover.Evaluation.Store;

/// <summary>
/// The run store: one SQLite file holding runs, one append-only record per (run, candidate, item, repeat), and the
/// response cache. The primary key makes a duplicate record impossible; schema in docs/run-store.md.
/// </summary>
public sealed class RunStore : IResponseCache
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS runs (
          id TEXT PRIMARY KEY, name TEXT NOT NULL, experiment_file TEXT NOT NULL, experiment_text TEXT NOT NULL,
          created_at TEXT NOT NULL, primary_metric TEXT NOT NULL, metrics TEXT NOT NULL, candidates TEXT NOT NULL, judge TEXT);
        CREATE TABLE IF NOT EXISTS records (
          run_id TEXT NOT NULL, candidate TEXT NOT NULL, item_id TEXT NOT NULL, repeat INTEGER NOT NULL,
          prompt_hash TEXT NOT NULL, expected TEXT NOT NULL, output TEXT, parsed TEXT, compliant INTEGER NOT NULL,
          scores TEXT NOT NULL, input_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
          instruction_tokens INTEGER NOT NULL, example_tokens INTEGER NOT NULL, item_tokens INTEGER NOT NULL,
          latency_ms REAL NOT NULL, from_cache INTEGER NOT NULL, error TEXT, created_at TEXT NOT NULL, judge_error TEXT,
          judge_input_tokens INTEGER, judge_cached_tokens INTEGER, judge_output_tokens INTEGER,
          PRIMARY KEY (run_id, candidate, item_id, repeat)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS response_cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL);
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    private RunStore(string path, TimeProvider time)
    {
        Path = path;
        _time = time;
        _connectionString = SqliteDatabase.ConnectionString(path);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating when needed) the store at <paramref name="path"/>.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="time">The clock for timestamps.</param>
    /// <returns>The store.</returns>
    /// <exception cref="InputException">The file cannot be created or is not a Crossover database.</exception>
    public static RunStore Open(string path, TimeProvider? time = null)
    {
        var full = SqliteDatabase.CreateTables(path, Schema, "run store", AddMissingColumns);
        return new RunStore(full, time ?? TimeProvider.System);
    }

    /// <summary>Opens an existing store without creating one.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <returns>The store.</returns>
    /// <exception cref="InputException">The file does not exist.</exception>
    public static RunStore OpenExisting(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InputException("no run store here", path, hint: "run 'crossover eval EXPERIMENT' first, or pass --db with the store's path");
        }

        return Open(path);
    }

    /// <summary>Adds a run header.</summary>
    /// <param name="run">The run.</param>
    public void AddRun(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO runs (id, name, experiment_file, experiment_text, created_at, primary_metric, metrics, candidates, judge) VALUES ($id, $name, $file, $text, $created, $primary, $metrics, $candidates, $judge)";
        command.Parameters.AddWithValue("$id", run.Id);
        command.Parameters.AddWithValue("$name", run.Name);
        command.Parameters.AddWithValue("$file", run.ExperimentFile);
        command.Parameters.AddWithValue("$text", run.ExperimentText);
        command.Parameters.AddWithValue("$created", run.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$primary", run.Primary);
        command.Parameters.AddWithValue("$metrics", run.Metrics);
        command.Parameters.AddWithValue("$candidates", run.Candidates);
        command.Parameters.AddWithValue("$judge", (object?)run.Judge ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>Every run, newest first.</summary>
    /// <returns>The runs.</returns>
    public IReadOnlyList<RunInfo> Runs()
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, experiment_file, experiment_text, created_at, primary_metric, metrics, candidates, judge FROM runs ORDER BY created_at DESC, id DESC";
        using var reader = command.ExecuteReader();
        var runs = new List<RunInfo>();
        while (reader.Read())
        {
            runs.Add(new RunInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture), reader.GetString(5), reader.GetString(6), reader.GetString(7))
            {
                Judge = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }

        return runs;
    }

    /// <summary>A run's header.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The run.</returns>
    /// <exception cref="InputException">No such run; the hint lists the latest runs.</exception>
    public RunInfo Run(string runId)
    {
        var runs = Runs();
        return runs.FirstOrDefault(r => r.Id == runId)
            ?? throw new InputException($"no run '{runId}' in the run store", Path, hint: runs.Count == 0
                ? "the store has no runs yet; run 'crossover eval EXPERIMENT' first"
                : "runs here: " + string.Join(", ", runs.Take(10).Select(r => r.Id)));
    }

    /// <summary>The (candidate, item, repeat) keys already recorded for a run.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The keys.</returns>
    public HashSet<(string Candidate, string Item, int Repeat)> RecordedKeys(string runId)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT candidate, item_id, repeat FROM records WHERE run_id = $run";
        command.Parameters.AddWithValue("$run", runId);
        using var reader = command.ExecuteReader();
        var keys = new HashSet<(string, string, int)>();
        while (reader.Read())
        {
            keys.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return keys;
    }

    /// <summary>Appends records in one transaction. A record whose key exists already is a bug and fails the whole batch.</summary>
    /// <param name="records">The records.</param>
    public void Append(IReadOnlyList<RunRecord> records)
    {
        using var writer = OpenWriter();
        writer.Append(records);
    }

    /// <summary>Opens a writer that keeps one connection and one prepared statement for many batches (the runner's single writer).</summary>
    /// <returns>The writer; dispose it when the run ends.</returns>
    public RecordWriter OpenWriter() => new(Connect(), _time);

    /// <summary>Streams a run's records in key order.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The records.</returns>
    public IEnumerable<RunRecord> Records(string runId)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT run_id, candidate, item_id, repeat, prompt_hash, expected, output, parsed, compliant, scores, input_tokens, cached_tokens,
              output_tokens, instruction_tokens, example_tokens, item_tokens, latency_ms, from_cache, error, judge_error,
              judge_input_tokens, judge_cached_tokens, judge_output_tokens
            FROM records WHERE run_id = $run ORDER BY candidate, item_id, repeat
            """;
        command.Parameters.AddWithValue("$run", runId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new RunRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8) == 1,
                reader.GetString(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt32(13), reader.GetInt32(14),
                reader.GetInt32(15), reader.GetDouble(16), reader.GetInt32(17) == 1, reader.IsDBNull(18) ? null : reader.GetString(18))
            {
                JudgeError = reader.IsDBNull(19) ? null : reader.GetString(19),
                JudgeUsage = reader.IsDBNull(20) ? null : new JudgeUsage(reader.GetInt64(20), reader.GetInt64(21), reader.GetInt64(22)),
            };
        }
    }

    /// <inheritdoc />
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM response_cache WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <inheritdoc />
    public async Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO response_cache VALUES ($key, $value, $created)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$created", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes a run and its records in one transaction (the response cache is kept: it is shared by every run).</summary>
    /// <param name="runId">The run id.</param>
    /// <exception cref="InputException">No such run; the hint lists the latest runs.</exception>
    public void DeleteRun(string runId)
    {
        Run(runId);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        foreach (var sql in (string[])["DELETE FROM records WHERE run_id = $run", "DELETE FROM runs WHERE id = $run"])
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$run", runId);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Stores made before the judge metric, or before judge usage was kept, lack those columns; adding them keeps their runs readable and resumable.</summary>
    private static void AddMissingColumns(SqliteConnection connection)
    {
        AddColumn(connection, "records", "judge_error", "TEXT");
        AddColumn(connection, "records", "judge_input_tokens", "INTEGER");
        AddColumn(connection, "records", "judge_cached_tokens", "INTEGER");
        AddColumn(connection, "records", "judge_output_tokens", "INTEGER");
        AddColumn(connection, "runs", "judge", "TEXT");
    }

    private static void AddColumn(SqliteConnection connection, string table, string column, string type)
    {
        using var info = connection.CreateCommand();
        info.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if (Convert.ToInt64(info.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {type}";
            alter.ExecuteNonQuery();
        }
    }

    internal SqliteConnection Connect() => SqliteDatabase.Connect(_connectionString);
}
