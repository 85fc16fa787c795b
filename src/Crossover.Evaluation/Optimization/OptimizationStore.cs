using System.Globalization;
using System.Text.Json;
using Crossover.Core.Input;
using Crossover.Evaluation.Store;
using Microsoft.Data.Sqlite;

namespace Crossover.Evaluation.Optimization;

/// <summary>
/// The optimizations in the run-store file: each search's settings (so <c>--resume</c> repeats the same search) and its
/// trajectory. The calls themselves are ordinary run records and response-cache entries, which is what makes a
/// resumed or repeated search free for every call already answered.
/// </summary>
public sealed class OptimizationStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS optimizations (
          id TEXT PRIMARY KEY, experiment_file TEXT NOT NULL, experiment_text TEXT NOT NULL, candidate TEXT NOT NULL,
          settings TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL, paid_usd REAL NOT NULL, best TEXT);
        CREATE TABLE IF NOT EXISTS optimization_steps (
          optimization_id TEXT NOT NULL, round INTEGER NOT NULL, trial INTEGER NOT NULL, prompt_hash TEXT NOT NULL,
          description TEXT NOT NULL, items INTEGER NOT NULL, score REAL NOT NULL, low REAL NOT NULL, high REAL NOT NULL,
          cost_so_far REAL NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY (optimization_id, round, trial)) WITHOUT ROWID;
        """;

    private readonly string _connectionString;

    private OptimizationStore(string fullPath) => _connectionString = SqliteDatabase.ConnectionString(fullPath);

    /// <summary>Opens (creating when needed) the optimization tables in the SQLite file at <paramref name="path"/>.</summary>
    /// <param name="path">The run store's file.</param>
    /// <returns>The store.</returns>
    public static OptimizationStore Open(string path) => new(SqliteDatabase.CreateTables(path, Schema, "optimization store"));

    /// <summary>Records a new search, or resets an existing one's status when it is resumed.</summary>
    public void Start(OptimizationHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        using var connection = SqliteDatabase.Connect(_connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO optimizations (id, experiment_file, experiment_text, candidate, settings, created_at, status, paid_usd)
            VALUES ($id, $file, $text, $candidate, $settings, $created, 'running', 0)
            ON CONFLICT(id) DO UPDATE SET status = 'running'
            """;
        command.Parameters.AddWithValue("$id", header.Id);
        command.Parameters.AddWithValue("$file", header.ExperimentFile);
        command.Parameters.AddWithValue("$text", header.ExperimentText);
        command.Parameters.AddWithValue("$candidate", header.Candidate);
        command.Parameters.AddWithValue("$settings", JsonSerializer.Serialize(header.Settings));
        command.Parameters.AddWithValue("$created", header.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    /// <summary>A search's header.</summary>
    /// <param name="id">The optimization id.</param>
    /// <returns>The header and what it had paid so far.</returns>
    /// <exception cref="InputException">No such optimization.</exception>
    public (OptimizationHeader Header, double PaidUsd) Find(string id)
    {
        using var connection = SqliteDatabase.Connect(_connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, experiment_file, experiment_text, candidate, settings, created_at, paid_usd FROM optimizations WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InputException($"no optimization '{id}' in this store", field: "--resume", hint: "the id is printed when a search starts; check --db");
        }

        var settings = JsonSerializer.Deserialize<OptimizationSettings>(reader.GetString(4))!;
        var header = new OptimizationHeader(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), settings, DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture));
        return (header, reader.GetDouble(6));
    }

    /// <summary>Every id in the store, to make a new one unique.</summary>
    public IReadOnlySet<string> Ids()
    {
        using var connection = SqliteDatabase.Connect(_connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM optimizations";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Saves a round's steps and what the search has paid so far, in one transaction.</summary>
    public void SaveRound(string id, IReadOnlyList<OptimizationStep> steps, double paidUsd)
    {
        ArgumentNullException.ThrowIfNull(steps);
        using var connection = SqliteDatabase.Connect(_connectionString);
        using var transaction = connection.BeginTransaction();
        foreach (var step in steps)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO optimization_steps VALUES ($id, $round, $trial, $hash, $description, $items, $score, $low, $high, $cost, $run)";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$round", step.Round);
            command.Parameters.AddWithValue("$trial", step.Trial);
            command.Parameters.AddWithValue("$hash", step.PromptHash);
            command.Parameters.AddWithValue("$description", step.Description);
            command.Parameters.AddWithValue("$items", step.Items);
            command.Parameters.AddWithValue("$score", step.Score);
            command.Parameters.AddWithValue("$low", step.Low);
            command.Parameters.AddWithValue("$high", step.High);
            command.Parameters.AddWithValue("$cost", step.CostSoFarUsd);
            command.Parameters.AddWithValue("$run", step.RunId);
            command.ExecuteNonQuery();
        }

        Execute(connection, "UPDATE optimizations SET paid_usd = $paid WHERE id = $id", ("$paid", paidUsd), ("$id", id));
        transaction.Commit();
    }

    /// <summary>Marks a search finished (or stopped by its budget) with its best prompt's hash.</summary>
    public void Finish(string id, string status, string bestHash, double paidUsd)
    {
        using var connection = SqliteDatabase.Connect(_connectionString);
        Execute(connection, "UPDATE optimizations SET status = $status, best = $best, paid_usd = $paid WHERE id = $id", ("$status", status), ("$best", bestHash), ("$paid", paidUsd), ("$id", id));
    }

    /// <summary>A search's stored trajectory, in order.</summary>
    public IReadOnlyList<OptimizationStep> Steps(string id)
    {
        using var connection = SqliteDatabase.Connect(_connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT round, trial, prompt_hash, description, items, score, low, high, cost_so_far, run_id FROM optimization_steps WHERE optimization_id = $id ORDER BY round, trial";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var steps = new List<OptimizationStep>();
        while (reader.Read())
        {
            steps.Add(new OptimizationStep(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetString(9)));
        }

        return steps;
    }

    /// <summary>
    /// Every finished search whose best prompt was not the starting one, newest first: the candidate it added
    /// (<c>NAME-optimized</c>) with its final round's dev scores beside the starting prompt's on the same items — what a
    /// report says about a prompted candidate that was optimized.
    /// </summary>
    /// <param name="path">The run store's file, opened read-only (a store without searches has none).</param>
    public static IReadOnlyList<OptimizedPrompt> Optimized(string path)
    {
        var (_, readOnly) = SqliteDatabase.OpenReadOnly(path, "run store", new InputException("no run store here", path, hint: "pass --db with the store that holds the --evidence run"));
        using var connection = SqliteDatabase.Connect(readOnly);
        if (!SqliteDatabase.HasTable(connection, "optimizations"))
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.id, o.candidate, best.score, best.low, best.high, start.score, best.items
            FROM optimizations o
            JOIN optimization_steps best ON best.optimization_id = o.id AND best.prompt_hash = o.best
              AND best.round = (SELECT MAX(round) FROM optimization_steps WHERE optimization_id = o.id)
            JOIN optimization_steps start ON start.optimization_id = o.id AND start.round = best.round AND start.trial = 0
            WHERE o.status IN ('complete', 'stopped-by-budget') AND best.trial <> 0
            ORDER BY o.created_at DESC
            """;
        using var reader = command.ExecuteReader();
        var found = new List<OptimizedPrompt>();
        while (reader.Read())
        {
            found.Add(new OptimizedPrompt(reader.GetString(0), reader.GetString(1), reader.GetString(1) + "-optimized", reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetInt32(6)));
        }

        return found;
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}

/// <summary>A prompted candidate that <c>crossover optimize</c> added, and how much better its prompt did on dev than the one it started from.</summary>
/// <param name="OptimizationId">The search.</param>
/// <param name="From">The starting candidate.</param>
/// <param name="Candidate">The candidate it added.</param>
/// <param name="DevScore">The added prompt's primary metric on the final round's dev items.</param>
/// <param name="DevLow">Its 95 % interval's lower bound.</param>
/// <param name="DevHigh">Its upper bound.</param>
/// <param name="StartDevScore">The starting prompt's score on the same items.</param>
/// <param name="DevItems">Dev items in the final round.</param>
public sealed record OptimizedPrompt(string OptimizationId, string From, string Candidate, double DevScore, double DevLow, double DevHigh, double StartDevScore, int DevItems);

/// <summary>A search as stored: where its experiment came from and the settings that make a rerun the same search.</summary>
public sealed record OptimizationHeader(string Id, string ExperimentFile, string ExperimentText, string Candidate, OptimizationSettings Settings, DateTimeOffset CreatedAt);

/// <summary>The options of a search in a stored form (the proposer as provider and id plus its endpoint settings).</summary>
public sealed record OptimizationSettings(string Candidate, Experiments.ModelSpec? Proposer, double? BudgetUsd, int Trials, int Proposals, int FirstBatch, int Seed)
{
    /// <summary>The settings of <paramref name="options"/>.</summary>
    public static OptimizationSettings From(OptimizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.Candidate, options.Proposer, options.BudgetUsd, options.Trials, options.Proposals, options.FirstBatch, options.Seed);
    }

    /// <summary>The options these settings describe.</summary>
    public OptimizeOptions ToOptions() => new() { Candidate = Candidate, Proposer = Proposer, BudgetUsd = BudgetUsd, Trials = Trials, Proposals = Proposals, FirstBatch = FirstBatch, Seed = Seed };
}
