namespace Crossover.Evaluation.Results;

/// <summary>One candidate in two runs: its primary metric and cost in each, and the change from the first to the second.</summary>
/// <param name="Candidate">The candidate's name.</param>
/// <param name="A">Its primary metric in the first run (null when it is not in that run).</param>
/// <param name="B">Its primary metric in the second run (null when it is not in that run).</param>
/// <param name="Change">B − A, when it is in both.</param>
/// <param name="CostPer1kA">USD per 1,000 requests in the first run.</param>
/// <param name="CostPer1kB">USD per 1,000 requests in the second run.</param>
public sealed record RunComparison(string Candidate, MetricResult? A, MetricResult? B, double? Change, double? CostPer1kA, double? CostPer1kB)
{
    /// <summary>Every candidate of either run, the first run's order first, then those only in the second.</summary>
    /// <param name="a">The first run.</param>
    /// <param name="b">The second run.</param>
    /// <returns>One row per candidate name.</returns>
    public static IReadOnlyList<RunComparison> Rows(RunReport a, RunReport b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var names = a.Candidates.Select(c => c.Name).Concat(b.Candidates.Select(c => c.Name)).Distinct(StringComparer.Ordinal);
        return [.. names.Select(name =>
        {
            var inA = a.Candidates.FirstOrDefault(c => c.Name == name);
            var inB = b.Candidates.FirstOrDefault(c => c.Name == name);
            var metricA = inA?.Metrics.GetValueOrDefault(a.Primary);
            var metricB = inB?.Metrics.GetValueOrDefault(b.Primary);
            return new RunComparison(name, metricA, metricB, metricA is not null && metricB is not null ? metricB.Value - metricA.Value : null, inA?.CostPer1kUsd, inB?.CostPer1kUsd);
        })];
    }
}
