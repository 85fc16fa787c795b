using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Results;

/// <summary>Whether a run holds every record its experiment plans.</summary>
public enum RunStatus
{
    /// <summary>Every (candidate, item, repeat) is recorded and answered.</summary>
    Complete,

    /// <summary>Every record is there, but some ended with an error after retries (resuming does not call them again).</summary>
    Partial,

    /// <summary>Records are missing: the run was stopped (Ctrl+C, a crash) or is still running; <c>--resume</c> completes it.</summary>
    Killed,

    /// <summary>The experiment's data can no longer be read, so the planned count is unknown.</summary>
    Unknown,
}

/// <summary>One line of <c>crossover runs list</c>: a run's header, how far it got and what it cost.</summary>
/// <param name="Id">The run id.</param>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="ExperimentFile">The experiment file the run started from.</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="Status">Complete, partial, killed or unknown.</param>
/// <param name="Records">Records stored.</param>
/// <param name="Planned">Records a complete run holds (candidates × scored items × repeats); null when the data cannot be read.</param>
/// <param name="Errors">Stored records that ended with an error.</param>
/// <param name="CostUsd">What the stored answers cost at catalog prices, cache hits excluded; null when no candidate has a price.</param>
/// <param name="Candidates">The candidates' names, in the experiment's order.</param>
public sealed record RunSummary(
    string Id,
    string Experiment,
    string ExperimentFile,
    DateTimeOffset StartedAt,
    RunStatus Status,
    int Records,
    int? Planned,
    int Errors,
    double? CostUsd,
    IReadOnlyList<string> Candidates)
{
    /// <summary>Why the status is unknown, when it is.</summary>
    public string? UnknownBecause { get; init; }

    /// <summary>Summarizes a stored run.</summary>
    /// <param name="store">The run store.</param>
    /// <param name="run">The run's header.</param>
    /// <param name="catalog">Prices (null: no costs).</param>
    /// <returns>The summary.</returns>
    public static RunSummary Load(RunStore store, RunInfo run, PriceCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var prices = run.Candidates.ToDictionary(c => c.Name, c => Pricing.Find(catalog, c.Model.PriceKey), StringComparer.Ordinal);
        int records = 0, errors = 0;
        double cost = 0;
        foreach (var record in store.Records(run.Id))
        {
            records++;
            errors += record.Error is null ? 0 : 1;
            if (!record.FromCache && prices.GetValueOrDefault(record.Candidate) is { } price)
            {
                cost += price.Cost(record.InputTokens, record.CachedTokens, record.OutputTokens, record.CacheWriteTokens);
            }
        }

        int? planned = null;
        string? unknownBecause = null;
        try
        {
            planned = EvalRunner.PlannedRecords(ExperimentReader.Parse(run.ExperimentText, run.ExperimentFile));
        }
        catch (InputException ex)
        {
            unknownBecause = ex.Message;
        }

        var status = planned switch
        {
            null => RunStatus.Unknown,
            { } n when records < n => RunStatus.Killed,
            _ when errors > 0 => RunStatus.Partial,
            _ => RunStatus.Complete,
        };
        return new RunSummary(run.Id, run.Name, run.ExperimentFile, run.CreatedAt, status, records, planned, errors,
            prices.Values.Any(p => p is not null) ? cost : null, [.. run.Candidates.Select(c => c.Name)])
        {
            UnknownBecause = unknownBecause,
        };
    }
}
