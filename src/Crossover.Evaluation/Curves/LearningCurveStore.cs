using System.Globalization;
using Crossover.Core.Input;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Curves;

/// <summary>Keeps learning curves in the run store, one per run, in their own table (docs/run-store.md).</summary>
public static class LearningCurveStore
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS learning_curves (run_id TEXT PRIMARY KEY, curve TEXT NOT NULL, created_at TEXT NOT NULL);";

    /// <summary>Saves (or replaces) the curve of its run.</summary>
    /// <param name="store">The run store.</param>
    /// <param name="curve">The curve.</param>
    public static void Save(RunStore store, LearningCurve curve)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(curve);
        using var connection = store.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = Schema + "INSERT OR REPLACE INTO learning_curves VALUES ($run, $curve, $created);";
        command.Parameters.AddWithValue("$run", curve.RunId);
        command.Parameters.AddWithValue("$curve", curve.ToJson());
        command.Parameters.AddWithValue("$created", curve.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    /// <summary>Loads the curve measured in a run.</summary>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The curve's run id (<c>crossover tune curve</c> prints it).</param>
    /// <returns>The curve.</returns>
    /// <exception cref="InputException">The run has no curve; the hint lists the runs that have one.</exception>
    public static LearningCurve Load(RunStore store, string runId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runId);
        using var connection = store.Connect();
        if (!SqliteDatabase.HasTable(connection, "learning_curves"))
        {
            throw new InputException($"no learning curve for run '{runId}' in the run store", store.Path, hint: "measure one with 'crossover tune curve EXPERIMENT --sizes … --model DIR'");
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT run_id, curve FROM learning_curves ORDER BY created_at DESC;";
        using var reader = command.ExecuteReader();
        var runs = new List<string>();
        while (reader.Read())
        {
            if (reader.GetString(0) == runId)
            {
                return LearningCurve.FromJson(reader.GetString(1), $"{store.Path} (run {runId})");
            }

            runs.Add(reader.GetString(0));
        }

        throw new InputException($"no learning curve for run '{runId}' in the run store", store.Path, hint: runs.Count == 0
            ? "measure one with 'crossover tune curve EXPERIMENT --sizes … --model DIR'"
            : "runs with a curve: " + string.Join(", ", runs.Take(10)));
    }
}
