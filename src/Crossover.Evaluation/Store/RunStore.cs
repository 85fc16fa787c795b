using System.Globalization;
using System.Text.Json;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Microsoft.Data.Sqlite;

namespace Crossover.Evaluation.Store;

/// <summary>
/// The run store: one SQLite file holding runs, one append-only record per (run, candidate, item, repeat), and the
/// response cache. The primary key makes a duplicate record impossible; schema in docs/run-store.md.
/// </summary>
public sealed class RunStore : IResponseCache
{
    /// <summary>Where the run store lives unless a verb is given <c>--db</c>: relative to the working directory.</summary>
    public const string DefaultPath = ".crossover/crossover.db";

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS runs (
          id TEXT PRIMARY KEY, name TEXT NOT NULL, experiment_file TEXT NOT NULL, experiment_text TEXT NOT NULL,
          created_at TEXT NOT NULL, primary_metric TEXT NOT NULL, metrics TEXT NOT NULL,
          judge_provider TEXT, judge_model TEXT, judge_price_as TEXT);
        CREATE TABLE IF NOT EXISTS run_candidates (
          run_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, price_as TEXT,
          PRIMARY KEY (run_id, position)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS records (
          run_id TEXT NOT NULL, candidate TEXT NOT NULL, item_id TEXT NOT NULL, repeat INTEGER NOT NULL,
          prompt_hash TEXT NOT NULL, expected TEXT NOT NULL, output TEXT, parsed TEXT, compliant INTEGER NOT NULL,
          scores TEXT NOT NULL, input_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
          instruction_tokens INTEGER NOT NULL, example_tokens INTEGER NOT NULL, item_tokens INTEGER NOT NULL,
          latency_ms REAL NOT NULL, from_cache INTEGER NOT NULL, error TEXT, created_at TEXT NOT NULL, judge_error TEXT,
          judge_input_tokens INTEGER, judge_cached_tokens INTEGER, judge_output_tokens INTEGER, split TEXT, logprobs TEXT,
          cache_write_tokens INTEGER,
          PRIMARY KEY (run_id, candidate, item_id, repeat)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS response_cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL);
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly bool _legacyHeader;

    private RunStore(string path, string connectionString, TimeProvider time, bool legacyHeader)
    {
        Path = path;
        _time = time;
        _connectionString = connectionString;
        _legacyHeader = legacyHeader;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating when needed) the store at <paramref name="path"/>, bringing an older store's tables up to date.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="time">The clock for timestamps.</param>
    /// <returns>The store.</returns>
    /// <exception cref="InputException">The file cannot be created or is not a Crossover database.</exception>
    public static RunStore Open(string path, TimeProvider? time = null)
    {
        var full = SqliteDatabase.CreateTables(path, Schema, "run store", Migrate);
        return new RunStore(full, SqliteDatabase.ConnectionString(full), time ?? TimeProvider.System, legacyHeader: false);
    }

    /// <summary>Opens an existing store for writing (a resumed run) without creating one.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <returns>The store.</returns>
    /// <exception cref="InputException">The file does not exist.</exception>
    public static RunStore OpenExisting(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw NoStore(path);
        }

        return Open(path);
    }

    /// <summary>
    /// Opens an existing store only to read it: nothing is created or changed, so a store on read-only media, or one
    /// another process is writing, can be read. An older store is read in its own layout.
    /// </summary>
    /// <param name="path">The SQLite file.</param>
    /// <returns>The store.</returns>
    /// <exception cref="InputException">The file does not exist or is not a SQLite database.</exception>
    public static RunStore OpenReadOnly(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (full, connectionString) = SqliteDatabase.OpenReadOnly(path, "run store", NoStore(path));
        using var connection = SqliteDatabase.Connect(connectionString);
        if (!SqliteDatabase.HasTable(connection, "runs"))
        {
            throw new InputException("the file holds no runs", path, hint: "run 'crossover eval EXPERIMENT' first, or pass --db with the store's path");
        }

        return new RunStore(full, connectionString, TimeProvider.System, legacyHeader: HasColumn(connection, "runs", "candidates"));
    }

    /// <summary>
    /// Starts a run: a fresh id (<c>NAME[-KIND]-yyyyMMdd-HHmmss[-N]</c>), the experiment's text as it is now (resume
    /// uses it), and the candidates and judge, written in one transaction. Every runner creates its runs here.
    /// </summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="candidates">The candidates the run measures, in order (a curve adds its tuned sizes).</param>
    /// <param name="startedAt">When the run starts (the runner's clock).</param>
    /// <param name="kind">A word added to the id for runs of a special kind, e.g. "curve".</param>
    /// <returns>The run's header.</returns>
    /// <exception cref="InputException">The experiment file cannot be read again.</exception>
    public RunInfo CreateRun(Experiment experiment, IReadOnlyList<RunCandidate> candidates, DateTimeOffset startedAt, string? kind = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return CreateRun(experiment, _ => candidates, startedAt, kind);
    }

    /// <summary>Starts a run whose candidates depend on its id (a curve's adapter folders are named by it).</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="candidates">The candidates for the chosen run id.</param>
    /// <param name="startedAt">When the run starts.</param>
    /// <param name="kind">A word added to the id, e.g. "curve".</param>
    /// <returns>The run's header.</returns>
    /// <exception cref="InputException">The experiment file cannot be read again.</exception>
    public RunInfo CreateRun(Experiment experiment, Func<string, IReadOnlyList<RunCandidate>> candidates, DateTimeOffset startedAt, string? kind = null)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(candidates);
        var text = InputFile.ReadText(experiment.File);
        var stamp = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var prefix = kind is null ? $"{experiment.Name}-{stamp}" : $"{experiment.Name}-{kind}-{stamp}";
        var judge = experiment.Judge is { Model: var model } ? new RunModel(model.Provider, model.Id, model.PriceAs) : null;
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        var id = prefix;
        for (var n = 2; RunExists(connection, id); n++)
        {
            id = $"{prefix}-{n}";
        }

        var run = new RunInfo(id, experiment.Name, experiment.File, text, startedAt, experiment.Primary, string.Join(",", experiment.Metrics), candidates(id)) { Judge = judge };
        Insert(connection, run);
        transaction.Commit();
        return run;
    }

    /// <summary>Adds a run header as given (imports and tests; runners use CreateRun).</summary>
    /// <param name="run">The run.</param>
    public void AddRun(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        Insert(connection, run);
        transaction.Commit();
    }

    /// <summary>Every run, newest first.</summary>
    /// <returns>The runs.</returns>
    /// <exception cref="InputException">A stored header is damaged.</exception>
    public IReadOnlyList<RunInfo> Runs()
    {
        using var connection = Connect();
        var legacy = _legacyHeader ? LegacyHeaders(connection) : null;
        var candidates = legacy is null ? CandidatesByRun(connection) : legacy.ToDictionary(h => h.RunId, h => (IReadOnlyList<RunCandidate>)h.Candidates, StringComparer.Ordinal);
        var judges = legacy?.ToDictionary(h => h.RunId, h => h.Judge, StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = _legacyHeader
            ? "SELECT id, name, experiment_file, experiment_text, created_at, primary_metric, metrics, NULL, NULL, NULL FROM runs ORDER BY created_at DESC, id DESC"
            : "SELECT id, name, experiment_file, experiment_text, created_at, primary_metric, metrics, judge_provider, judge_model, judge_price_as FROM runs ORDER BY created_at DESC, id DESC";
        using var reader = command.ExecuteReader();
        var runs = new List<RunInfo>();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (!DateTimeOffset.TryParse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.None, out var created))
            {
                throw Damaged($"run '{id}' has no valid start time");
            }

            var judge = judges is not null ? judges.GetValueOrDefault(id)
                : reader.IsDBNull(7) ? null : new RunModel(reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9));
            runs.Add(new RunInfo(id, reader.GetString(1), reader.GetString(2), reader.GetString(3), created, reader.GetString(5), reader.GetString(6),
                candidates.GetValueOrDefault(id) ?? [])
            {
                Judge = judge,
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
    public IEnumerable<RunRecord> Records(string runId) => Records(runId, candidate: null);

    /// <summary>Streams one candidate's records of a run in key order (item id as SQLite orders text, then repeat).</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="candidate">The candidate's name; null for every candidate, in name order.</param>
    /// <returns>The records.</returns>
    public IEnumerable<RunRecord> Records(string runId, string? candidate)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();

        // A store opened read-only keeps its own layout: one from before splits and log-probabilities has neither column.
        var splitAndLogProbs = HasColumn(connection, "records", "split") ? "split, logprobs" : "NULL, NULL";
        var cacheWrites = HasColumn(connection, "records", "cache_write_tokens") ? "cache_write_tokens" : "NULL";
        command.CommandText = $"""
            SELECT run_id, candidate, item_id, repeat, prompt_hash, expected, output, parsed, compliant, scores, input_tokens, cached_tokens,
              output_tokens, instruction_tokens, example_tokens, item_tokens, latency_ms, from_cache, error, judge_error,
              judge_input_tokens, judge_cached_tokens, judge_output_tokens, {splitAndLogProbs}, {cacheWrites}
            FROM records WHERE run_id = $run {(candidate is null ? string.Empty : "AND candidate = $candidate")} ORDER BY candidate, item_id, repeat
            """;
        command.Parameters.AddWithValue("$run", runId);
        if (candidate is not null)
        {
            command.Parameters.AddWithValue("$candidate", candidate);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return ReadRecord(reader);
        }
    }

    /// <summary>Streams the judge's usage of a run's records that the judge's provider answered, in key order, leaving out the dev split of a dev+test run.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>One usage per judged record.</returns>
    public IEnumerable<JudgeUsage> JudgeUsages(string runId)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        var notDev = HasColumn(connection, "records", "split") ? "AND split IS NOT 'dev'" : string.Empty;
        command.CommandText = $"""
            SELECT judge_input_tokens, judge_cached_tokens, judge_output_tokens FROM records
            WHERE run_id = $run AND judge_input_tokens IS NOT NULL {notDev} ORDER BY candidate, item_id, repeat
            """;
        command.Parameters.AddWithValue("$run", runId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new JudgeUsage(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
    }

    private RunRecord ReadRecord(SqliteDataReader reader)
    {
        try
        {
            return new RunRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8) == 1,
                reader.GetString(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt32(13), reader.GetInt32(14),
                reader.GetInt32(15), reader.GetDouble(16), reader.GetInt32(17) == 1, reader.IsDBNull(18) ? null : reader.GetString(18))
            {
                JudgeError = reader.IsDBNull(19) ? null : reader.GetString(19),
                JudgeUsage = reader.IsDBNull(20) ? null : new JudgeUsage(reader.GetInt64(20), reader.GetInt64(21), reader.GetInt64(22)),
                Split = reader.IsDBNull(23) ? null : reader.GetString(23),
                LogProbs = reader.IsDBNull(24) ? null : JsonSerializer.Deserialize<double[]>(reader.GetString(24)),
                CacheWriteTokens = reader.IsDBNull(25) ? 0 : reader.GetInt64(25),
            };
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or InvalidOperationException)
        {
            throw Damaged($"a record of run '{(reader.IsDBNull(0) ? "?" : reader.GetValue(0))}' (candidate '{reader.GetValue(1)}', item '{reader.GetValue(2)}') has a value of the wrong type");
        }
    }

    /// <summary>The response cache for one run's many calls: connections and statements kept open, writes grouped (dispose it when the run ends).</summary>
    internal ResponseCacheSession OpenCacheSession() => new(_connectionString, _time);

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

    /// <summary>Deletes a run, its candidates and its records in one transaction (the response cache is kept: it is shared by every run).</summary>
    /// <param name="runId">The run id.</param>
    /// <exception cref="InputException">No such run; the hint lists the latest runs.</exception>
    public void DeleteRun(string runId)
    {
        Run(runId);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        foreach (var sql in (string[])["DELETE FROM records WHERE run_id = $run", "DELETE FROM run_candidates WHERE run_id = $run", "DELETE FROM runs WHERE id = $run"])
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$run", runId);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// Brings an older store up to date: records gain the judge, split and log-probability columns; runs lose the
    /// <c>candidates</c> text (<c>name|provider|model|priceAs</c> lines) and the <c>judge</c> text for the
    /// <c>run_candidates</c> table and the <c>judge_*</c> columns, in one transaction, so every run stays readable and resumable.
    /// </summary>
    private static void Migrate(SqliteConnection connection)
    {
        AddColumn(connection, "records", "judge_error", "TEXT");
        AddColumn(connection, "records", "judge_input_tokens", "INTEGER");
        AddColumn(connection, "records", "judge_cached_tokens", "INTEGER");
        AddColumn(connection, "records", "judge_output_tokens", "INTEGER");
        AddColumn(connection, "runs", "judge_provider", "TEXT");
        AddColumn(connection, "runs", "judge_model", "TEXT");
        AddColumn(connection, "runs", "judge_price_as", "TEXT");
        AddColumn(connection, "records", "split", "TEXT");
        AddColumn(connection, "records", "logprobs", "TEXT");
        AddColumn(connection, "records", "cache_write_tokens", "INTEGER");
        if (!HasColumn(connection, "runs", "candidates"))
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var header in LegacyHeaders(connection))
        {
            InsertCandidates(connection, header.RunId, header.Candidates);
            using var judge = connection.CreateCommand();
            judge.CommandText = "UPDATE runs SET judge_provider = $provider, judge_model = $model, judge_price_as = $price WHERE id = $id";
            judge.Parameters.AddWithValue("$id", header.RunId);
            judge.Parameters.AddWithValue("$provider", (object?)header.Judge?.Provider ?? DBNull.Value);
            judge.Parameters.AddWithValue("$model", (object?)header.Judge?.Id ?? DBNull.Value);
            judge.Parameters.AddWithValue("$price", (object?)header.Judge?.PriceAs ?? DBNull.Value);
            judge.ExecuteNonQuery();
        }

        using var drop = connection.CreateCommand();
        drop.CommandText = "ALTER TABLE runs DROP COLUMN candidates;" + (HasColumn(connection, "runs", "judge") ? "ALTER TABLE runs DROP COLUMN judge;" : string.Empty);
        drop.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>
    /// Reads the header text of stores made before <c>run_candidates</c>. A name holding '|' is recovered by taking the
    /// last three fields as provider, model and price; a line with fewer fields continues onto the next (a newline in a name).
    /// </summary>
    private static List<(string RunId, List<RunCandidate> Candidates, RunModel? Judge)> LegacyHeaders(SqliteConnection connection)
    {
        var hasJudge = HasColumn(connection, "runs", "judge");
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, candidates, {(hasJudge ? "judge" : "NULL")} FROM runs";
        using var reader = command.ExecuteReader();
        var headers = new List<(string, List<RunCandidate>, RunModel?)>();
        while (reader.Read())
        {
            var candidates = new List<RunCandidate>();
            var pending = string.Empty;
            foreach (var line in (reader.IsDBNull(1) ? string.Empty : reader.GetString(1)).Split('\n'))
            {
                pending = pending.Length == 0 ? line : pending + "\n" + line;
                var parts = pending.Split('|');
                if (parts.Length >= 4)
                {
                    var name = string.Join('|', parts[..^3]);
                    candidates.Add(new RunCandidate(name, new RunModel(parts[^3], parts[^2], parts[^1].Length == 0 ? null : parts[^1])));
                    pending = string.Empty;
                }
            }

            RunModel? judge = null;
            if (!reader.IsDBNull(2) && reader.GetString(2).Split('|') is { Length: 3 } j)
            {
                judge = new RunModel(j[0], j[1], j[2].Length == 0 ? null : j[2]);
            }

            headers.Add((reader.GetString(0), candidates, judge));
        }

        return headers;
    }

    private static Dictionary<string, IReadOnlyList<RunCandidate>> CandidatesByRun(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT run_id, name, provider, model, price_as FROM run_candidates ORDER BY run_id, position";
        using var reader = command.ExecuteReader();
        var byRun = new Dictionary<string, IReadOnlyList<RunCandidate>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (!byRun.TryGetValue(id, out var list))
            {
                byRun[id] = list = new List<RunCandidate>();
            }

            ((List<RunCandidate>)list).Add(new RunCandidate(reader.GetString(1), new RunModel(reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4))));
        }

        return byRun;
    }

    private static void Insert(SqliteConnection connection, RunInfo run)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO runs (id, name, experiment_file, experiment_text, created_at, primary_metric, metrics, judge_provider, judge_model, judge_price_as)
            VALUES ($id, $name, $file, $text, $created, $primary, $metrics, $judgeProvider, $judgeModel, $judgePrice)
            """;
        command.Parameters.AddWithValue("$id", run.Id);
        command.Parameters.AddWithValue("$name", run.Name);
        command.Parameters.AddWithValue("$file", run.ExperimentFile);
        command.Parameters.AddWithValue("$text", run.ExperimentText);
        command.Parameters.AddWithValue("$created", run.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$primary", run.Primary);
        command.Parameters.AddWithValue("$metrics", run.Metrics);
        command.Parameters.AddWithValue("$judgeProvider", (object?)run.Judge?.Provider ?? DBNull.Value);
        command.Parameters.AddWithValue("$judgeModel", (object?)run.Judge?.Id ?? DBNull.Value);
        command.Parameters.AddWithValue("$judgePrice", (object?)run.Judge?.PriceAs ?? DBNull.Value);
        command.ExecuteNonQuery();
        InsertCandidates(connection, run.Id, run.Candidates);
    }

    private static void InsertCandidates(SqliteConnection connection, string runId, IReadOnlyList<RunCandidate> candidates)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR IGNORE INTO run_candidates VALUES ($run, $position, $name, $provider, $model, $price)";
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$position", i);
            command.Parameters.AddWithValue("$name", candidates[i].Name);
            command.Parameters.AddWithValue("$provider", candidates[i].Model.Provider);
            command.Parameters.AddWithValue("$model", candidates[i].Model.Id);
            command.Parameters.AddWithValue("$price", (object?)candidates[i].Model.PriceAs ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
    }

    private static bool RunExists(SqliteConnection connection, string id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM runs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static void AddColumn(SqliteConnection connection, string table, string column, string type)
    {
        if (!HasColumn(connection, table, column))
        {
            using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {type}";
            alter.ExecuteNonQuery();
        }
    }

    private static bool HasColumn(SqliteConnection connection, string table, string column)
    {
        using var info = connection.CreateCommand();
        info.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        return Convert.ToInt64(info.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static InputException NoStore(string path) =>
        new("no run store here", path, hint: "run 'crossover eval EXPERIMENT' first, or pass --db with the store's path");

    private InputException Damaged(string what) =>
        new($"the run store is damaged: {what}", Path, hint: "restore the file from a backup, or pass --db with a new store and rerun");

    internal SqliteConnection Connect() => SqliteDatabase.Connect(_connectionString);
}
