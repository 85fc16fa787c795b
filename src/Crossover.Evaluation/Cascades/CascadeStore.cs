using System.Globalization;
using Crossover.Core.Evidence;
using Crossover.Core.Input;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Cascades;

/// <summary>Keeps cascade analyses in the run store, the latest one per run, in their own table (docs/run-store.md).</summary>
public static class CascadeStore
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS cascade_analyses (run_id TEXT PRIMARY KEY, analysis TEXT NOT NULL, created_at TEXT NOT NULL);";

    /// <summary>Saves (or replaces) the analysis of its run.</summary>
    /// <param name="store">The run store.</param>
    /// <param name="analysis">The analysis.</param>
    public static void Save(RunStore store, CascadeAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(analysis);
        using var connection = store.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = Schema + "INSERT OR REPLACE INTO cascade_analyses VALUES ($run, $analysis, $created);";
        command.Parameters.AddWithValue("$run", analysis.RunId);
        command.Parameters.AddWithValue("$analysis", analysis.ToJson());
        command.Parameters.AddWithValue("$created", analysis.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    /// <summary>The latest analysis of a run, or null when it has none (a report shows it when there is one).</summary>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run.</param>
    /// <returns>The analysis, or null.</returns>
    public static CascadeAnalysis? Find(RunStore store, string runId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runId);
        using var connection = store.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = Schema + "SELECT analysis FROM cascade_analyses WHERE run_id = $run;";
        command.Parameters.AddWithValue("$run", runId);
        return command.ExecuteScalar() is string json ? CascadeAnalysis.FromJson(json) : null;
    }

    /// <summary>Loads the latest analysis of a run.</summary>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run.</param>
    /// <returns>The analysis.</returns>
    /// <exception cref="InputException">The run has no analysis; the hint says how to make one.</exception>
    public static CascadeAnalysis Load(RunStore store, string runId)
    {
        return Find(store, runId)
            ?? throw new InputException($"no cascade analysis for run '{runId}' in the run store", store.Path, hint: $"make one with 'crossover cascade {runId}'");
    }

    /// <summary>A stored cascade as measured evidence for the decision (<c>decide --evidence RUN --cascade NAME</c>).</summary>
    /// <param name="dbPath">The run store file.</param>
    /// <param name="runId">The run.</param>
    /// <param name="name">The cascade's name, or null for the analysis's recommendation.</param>
    /// <returns>The measured cascade.</returns>
    /// <exception cref="InputException">No store, no analysis, no such cascade, or the named option is a single candidate.</exception>
    public static MeasuredCascade Measured(string dbPath, string runId, string? name)
    {
        ArgumentNullException.ThrowIfNull(dbPath);
        var analysis = Load(RunStore.OpenExisting(dbPath), runId);
        var chosen = name ?? analysis.Recommended
            ?? throw new InputException($"the cascade analysis of run '{runId}' recommends nothing ({analysis.Recommendation})", dbPath, hint: "name a cascade: " + string.Join(", ", analysis.Frontier));
        var option = analysis.Option(chosen);
        if (!option.IsCascade)
        {
            throw new InputException($"'{option.Name}' in run '{runId}' is a single candidate, not a cascade", dbPath, hint: "name a cascade (stages joined by '>'): " + string.Join(", ", analysis.Options.Where(o => o.IsCascade).Take(5).Select(o => o.Name)));
        }

        return new MeasuredCascade(
            runId, option.Name, option.Stages, option.Correct, option.Items, option.Quality.Low, option.Quality.High,
            option.CostPerRequestUsd, option.FormatCompliance, option.LatencyP95Ms, option.AnsweredShare[0]);
    }
}
