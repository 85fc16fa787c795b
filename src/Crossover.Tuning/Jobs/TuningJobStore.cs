using System.Globalization;
using System.Text.Json;
using Crossover.Core.Input;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Store;
using Microsoft.Data.Sqlite;

namespace Crossover.Tuning.Jobs;

/// <summary>
/// Fine-tuning jobs and their events in the run store's SQLite file (tables <c>tuning_jobs</c> and
/// <c>tuning_job_events</c>, created when missing; the run tables are never touched). Schema in docs/tuning-jobs.md.
/// </summary>
public sealed class TuningJobStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS tuning_jobs (
          id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL, backend TEXT NOT NULL, provider TEXT NOT NULL,
          base_url TEXT, api_version TEXT, api_key_env TEXT, base_model TEXT NOT NULL, experiment_path TEXT NOT NULL,
          candidate_name TEXT NOT NULL, candidate_added INTEGER NOT NULL, hyperparameters TEXT NOT NULL,
          training_file TEXT NOT NULL, training_file_sha256 TEXT NOT NULL, training_file_id TEXT, provider_job_id TEXT,
          status TEXT NOT NULL, fine_tuned_model TEXT, trained_tokens INTEGER, error TEXT,
          created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT,
          validation_file TEXT, validation_file_sha256 TEXT, validation_file_id TEXT);
        CREATE INDEX IF NOT EXISTS tuning_jobs_key ON tuning_jobs (idempotency_key);
        CREATE TABLE IF NOT EXISTS tuning_job_events (
          job_id TEXT NOT NULL, event_id TEXT NOT NULL, created_at TEXT NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL,
          PRIMARY KEY (job_id, event_id));
        """;

    private const string Columns = """
        id, idempotency_key, backend, provider, base_url, api_version, api_key_env, base_model, experiment_path, candidate_name,
        candidate_added, hyperparameters, training_file, training_file_sha256, training_file_id, provider_job_id, status,
        fine_tuned_model, trained_tokens, error, created_at, updated_at, finished_at, validation_file, validation_file_sha256, validation_file_id
        """;

    /// <summary>Columns added after the first release, with their types: stores made before get them on open.</summary>
    private static readonly (string Name, string Type)[] AddedColumns =
    [
        ("validation_file", "TEXT"), ("validation_file_sha256", "TEXT"), ("validation_file_id", "TEXT"),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _connectionString;

    /// <summary>The file has no job tables (opened by <see cref="OpenExisting"/>): every lookup finds nothing.</summary>
    private bool _empty;

    private TuningJobStore(string path)
        : this(path, SqliteDatabase.ConnectionString(path))
    {
    }

    private TuningJobStore(string path, string connectionString)
    {
        Path = path;
        _connectionString = connectionString;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating when needed) the job tables in the SQLite file at <paramref name="path"/>.</summary>
    /// <param name="path">The SQLite file (the run store's, by default <c>.crossover/crossover.db</c>).</param>
    /// <returns>The store.</returns>
    /// <exception cref="InputException">The file cannot be created or is not a SQLite database.</exception>
    public static TuningJobStore Open(string path) => new(SqliteDatabase.CreateTables(path, Schema, "job store", AddMissingColumns));

    /// <summary>
    /// Opens the jobs of an existing store without creating anything: a command that looks jobs up (status, cancel, a
    /// report) never leaves an empty store behind, and a store on read-only media stays readable. When the file has no
    /// job tables yet, an empty read-only view is returned.
    /// </summary>
    /// <param name="path">The SQLite file.</param>
    /// <returns>The store.</returns>
    /// <exception cref="InputException">The file does not exist or is not a SQLite database.</exception>
    public static TuningJobStore OpenExisting(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var missing = new InputException("no run store here, so no fine-tuning jobs", path, hint: "pass --db FILE where 'crossover tune start' recorded them");
        var (full, readOnly) = SqliteDatabase.OpenReadOnly(path, "job store", missing);
        using (var connection = SqliteDatabase.Connect(readOnly))
        {
            if (!SqliteDatabase.HasTable(connection, "tuning_jobs"))
            {
                return new TuningJobStore(full, readOnly) { _empty = true };
            }

            if (MissingColumns(connection, null).Count > 0)
            {
                return Open(path);
            }
        }

        return new TuningJobStore(full, SqliteDatabase.ConnectionString(full));
    }

    /// <summary>Records a new job.</summary>
    /// <param name="job">The job.</param>
    public void Add(TuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Write($"INSERT INTO tuning_jobs ({Columns}) VALUES ($id, $key, $backend, $provider, $baseUrl, $apiVersion, $apiKeyEnv, $model, $experiment, $candidate, $added, $hp, $file, $sha, $fileId, $jobId, $status, $tuned, $tokens, $error, $created, $updated, $finished, $validation, $validationSha, $validationId)", job);
    }

    /// <summary>
    /// Records a new job unless a live job (not failed or cancelled) with its idempotency key exists, in one statement, so
    /// concurrent starts of the same job (two terminals, a retried CI step) record one job between them.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <returns>Null when the job was recorded; otherwise the live job that won.</returns>
    public TuningJob? AddUnlessLive(TuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var values = "$id, $key, $backend, $provider, $baseUrl, $apiVersion, $apiKeyEnv, $model, $experiment, $candidate, $added, $hp, $file, $sha, $fileId, $jobId, $status, $tuned, $tokens, $error, $created, $updated, $finished, $validation, $validationSha, $validationId";
        var inserted = Write($"""
            INSERT OR IGNORE INTO tuning_jobs ({Columns}) SELECT {values}
            WHERE NOT EXISTS (SELECT 1 FROM tuning_jobs WHERE idempotency_key = $key AND status NOT IN ('failed', 'cancelled'))
            """, job);
        return inserted == 1 ? null : FindLive(job.IdempotencyKey) ?? Find(job.Id);
    }

    /// <summary>Saves a job's changed fields (matched by id).</summary>
    /// <param name="job">The job.</param>
    public void Update(TuningJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Write("""
            UPDATE tuning_jobs SET candidate_added = $added, training_file_id = $fileId, validation_file_id = $validationId, provider_job_id = $jobId, status = $status,
              fine_tuned_model = $tuned, trained_tokens = $tokens, error = $error, updated_at = $updated, finished_at = $finished
            WHERE id = $id
            """, job);
    }

    /// <summary>A job by our id or the provider's.</summary>
    /// <param name="id">Our id (<c>tj-…</c>) or the provider's job id.</param>
    /// <returns>The job, or null.</returns>
    public TuningJob? Find(string id) =>
        Query($"SELECT {Columns} FROM tuning_jobs WHERE id = $id OR provider_job_id = $id ORDER BY created_at DESC LIMIT 1", ("$id", id)).FirstOrDefault();

    /// <summary>The newest job with this idempotency key that is not failed or cancelled.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <returns>The job, or null.</returns>
    public TuningJob? FindLive(string idempotencyKey) =>
        Query($"SELECT {Columns} FROM tuning_jobs WHERE idempotency_key = $key AND status NOT IN ('failed', 'cancelled') ORDER BY created_at DESC LIMIT 1", ("$key", idempotencyKey)).FirstOrDefault();

    /// <summary>Every job, newest first.</summary>
    /// <returns>The jobs.</returns>
    public IReadOnlyList<TuningJob> List() => Query($"SELECT {Columns} FROM tuning_jobs ORDER BY created_at DESC, id DESC");

    /// <summary>Adds events, ignoring ones already recorded (same event id).</summary>
    /// <param name="jobId">Our job id.</param>
    /// <param name="events">The events.</param>
    public void AddEvents(string jobId, IEnumerable<TuningJobEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        foreach (var e in events)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR IGNORE INTO tuning_job_events VALUES ($job, $id, $at, $level, $message)";
            command.Parameters.AddWithValue("$job", jobId);
            command.Parameters.AddWithValue("$id", e.Id);
            command.Parameters.AddWithValue("$at", e.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$level", e.Level);
            command.Parameters.AddWithValue("$message", ApiKeys.Redact(e.Message));
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>A job's events, oldest first.</summary>
    /// <param name="jobId">Our job id.</param>
    /// <returns>The events.</returns>
    public IReadOnlyList<TuningJobEvent> Events(string jobId)
    {
        if (_empty)
        {
            return [];
        }

        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id, created_at, level, message FROM tuning_job_events WHERE job_id = $job ORDER BY created_at, rowid";
        command.Parameters.AddWithValue("$job", jobId);
        using var reader = command.ExecuteReader();
        var events = new List<TuningJobEvent>();
        while (reader.Read())
        {
            events.Add(new TuningJobEvent(reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), reader.GetString(2), reader.GetString(3)));
        }

        return events;
    }

    /// <summary>
    /// CREATE TABLE IF NOT EXISTS leaves an older table as it was, so columns added since are added here; the check is
    /// repeated under a write lock so two processes opening the same old store do not both add a column.
    /// </summary>
    private static void AddMissingColumns(SqliteConnection connection)
    {
        if (MissingColumns(connection, null).Count == 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var (name, type) in MissingColumns(connection, transaction))
        {
            using var alter = connection.CreateCommand();
            alter.Transaction = transaction;
            alter.CommandText = $"ALTER TABLE tuning_jobs ADD COLUMN {name} {type}";
            alter.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static List<(string Name, string Type)> MissingColumns(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var info = connection.CreateCommand();
        info.Transaction = transaction;
        info.CommandText = "SELECT name FROM pragma_table_info('tuning_jobs')";
        using var reader = info.ExecuteReader();
        var present = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            present.Add(reader.GetString(0));
        }

        return [.. AddedColumns.Where(c => !present.Contains(c.Name))];
    }

    private SqliteConnection Connect() => SqliteDatabase.Connect(_connectionString);

    private int Write(string sql, TuningJob job)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var p = command.Parameters;
        p.AddWithValue("$id", job.Id);
        p.AddWithValue("$key", job.IdempotencyKey);
        p.AddWithValue("$backend", job.Backend);
        p.AddWithValue("$provider", job.Provider);
        p.AddWithValue("$baseUrl", (object?)job.BaseUrl ?? DBNull.Value);
        p.AddWithValue("$apiVersion", (object?)job.ApiVersion ?? DBNull.Value);
        p.AddWithValue("$apiKeyEnv", (object?)job.ApiKeyEnv ?? DBNull.Value);
        p.AddWithValue("$model", job.BaseModel);
        p.AddWithValue("$experiment", job.ExperimentPath);
        p.AddWithValue("$candidate", job.CandidateName);
        p.AddWithValue("$added", job.CandidateAdded ? 1 : 0);
        p.AddWithValue("$hp", JsonSerializer.Serialize(job.Hyperparameters, Json));
        p.AddWithValue("$file", job.TrainingFile);
        p.AddWithValue("$sha", job.TrainingFileSha256);
        p.AddWithValue("$fileId", (object?)job.TrainingFileId ?? DBNull.Value);
        p.AddWithValue("$jobId", (object?)job.ProviderJobId ?? DBNull.Value);
        p.AddWithValue("$status", job.Status.Name());
        p.AddWithValue("$tuned", (object?)job.FineTunedModel ?? DBNull.Value);
        p.AddWithValue("$tokens", (object?)job.TrainedTokens ?? DBNull.Value);
        p.AddWithValue("$error", job.Error is null ? DBNull.Value : ApiKeys.Redact(job.Error));
        p.AddWithValue("$created", job.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        p.AddWithValue("$updated", job.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
        p.AddWithValue("$finished", job.FinishedAt is { } f ? f.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value);
        p.AddWithValue("$validation", (object?)job.ValidationFile ?? DBNull.Value);
        p.AddWithValue("$validationSha", (object?)job.ValidationFileSha256 ?? DBNull.Value);
        p.AddWithValue("$validationId", (object?)job.ValidationFileId ?? DBNull.Value);
        return command.ExecuteNonQuery();
    }

    private List<TuningJob> Query(string sql, params (string Name, string Value)[] parameters)
    {
        if (_empty)
        {
            return [];
        }

        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var r = command.ExecuteReader();
        var jobs = new List<TuningJob>();
        while (r.Read())
        {
            string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            DateTimeOffset Time(int i) => DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture);
            jobs.Add(new TuningJob(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Text(4), Text(5), Text(6), r.GetString(7), r.GetString(8), r.GetString(9),
                r.GetInt32(10) != 0, JsonSerializer.Deserialize<TuningHyperparameters>(r.GetString(11), Json)!, r.GetString(12), r.GetString(13), Text(14), Text(15),
                TuningJobStatuses.Parse(r.GetString(16)), Text(17), r.IsDBNull(18) ? null : r.GetInt64(18), Text(19), Time(20), Time(21), r.IsDBNull(22) ? null : Time(22),
                Text(23), Text(24), Text(25)));
        }

        return jobs;
    }
}
