using Crossover.Core.Evidence;
using Crossover.Core.Input;
using Crossover.Evaluation.Results;

namespace Crossover.Evaluation.Store;

/// <summary>Reads a run's measurements in the shape the decision takes (<c>crossover decide --evidence RUN</c>).</summary>
public static class EvidenceReader
{
    /// <summary>Reads the evidence of one run, naming which candidate stands for the prompted and which for the fine-tuned deployment.</summary>
    /// <param name="dbPath">The run store file.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="promptedCandidate">The candidate measured as the prompted deployment, or null.</param>
    /// <param name="fineTunedCandidate">The candidate measured as the fine-tuned deployment, or null.</param>
    /// <returns>The evidence; Quality is the run's primary metric with its 95 % interval.</returns>
    /// <exception cref="InputException">The store, the run or a candidate does not exist; the hint lists what does.</exception>
    public static RunEvidence Read(string dbPath, string runId, string? promptedCandidate, string? fineTunedCandidate)
    {
        ArgumentNullException.ThrowIfNull(dbPath);
        ArgumentNullException.ThrowIfNull(runId);
        return From(RunReport.Load(RunStore.OpenReadOnly(dbPath), runId, catalog: null), promptedCandidate, fineTunedCandidate);
    }

    /// <summary>The evidence of a run already loaded (a report that shows the run need not read it twice).</summary>
    /// <param name="report">The run's results.</param>
    /// <param name="promptedCandidate">The candidate measured as the prompted deployment, or null.</param>
    /// <param name="fineTunedCandidate">The candidate measured as the fine-tuned deployment, or null.</param>
    /// <returns>The evidence; Quality is the run's primary metric with its 95 % interval.</returns>
    /// <exception cref="InputException">A named candidate is not in the run or answered nothing; the hint lists what there is.</exception>
    public static RunEvidence From(RunReport report, string? promptedCandidate, string? fineTunedCandidate)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new RunEvidence(report.RunId, Measure(report, promptedCandidate, "prompted"), Measure(report, fineTunedCandidate, "fine-tuned"));
    }

    private static MeasuredCandidate? Measure(RunReport report, string? name, string role)
    {
        if (name is null)
        {
            return null;
        }

        var candidate = report.Candidates.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException($"run '{report.RunId}' has no candidate '{name}' (named as the {role} one)", hint: "candidates in the run: " + string.Join(", ", report.Candidates.Select(c => c.Name)));
        if (candidate.Items == 0)
        {
            throw new InputException($"candidate '{name}' in run '{report.RunId}' has no answered items", hint: $"resume it with 'crossover eval --resume {report.RunId}' or pick another candidate");
        }

        var quality = candidate.Metrics[report.Primary];
        return new MeasuredCandidate(
            candidate.Name, candidate.Model, quality.Value, quality.Low, quality.High, candidate.FormatCompliance.Value,
            candidate.Tokens.Input, candidate.Tokens.Cached, candidate.Tokens.Output, candidate.LatencyMs.P95, candidate.Items);
    }
}
