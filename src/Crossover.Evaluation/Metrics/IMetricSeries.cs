using Crossover.Core.Statistics;
using Crossover.Evaluation.Results;

namespace Crossover.Evaluation.Metrics;

/// <summary>
/// One metric of one candidate over a run's items, built in one pass: the report adds each answered item once (its
/// repeats together), then asks for the estimate with its interval and for paired comparisons with another candidate.
/// A series keeps only what its statistic needs per item (a number, a few class indices), never whole records.
/// </summary>
public interface IMetricSeries
{
    /// <summary>The bootstrap seed every report uses, so the same run always gives the same intervals.</summary>
    const int Seed = 20240601;

    /// <summary>How many items were added.</summary>
    int Count { get; }

    /// <summary>Adds one answered item.</summary>
    /// <param name="repeats">The item's answered records, in repeat order (at least one).</param>
    void Add(IReadOnlyList<ScoredRecord> repeats);

    /// <summary>The metric over every added item, with its 95 % interval.</summary>
    /// <returns>The estimate.</returns>
    MetricResult Estimate();

    /// <summary>Compares this candidate with another on the items both answered.</summary>
    /// <param name="other">The other candidate's series of the same metric.</param>
    /// <param name="mine">Positions (in add order) of the shared items in this series.</param>
    /// <param name="theirs">Positions of the same items, in the same order, in <paramref name="other"/>.</param>
    /// <returns>This candidate minus the other, with interval and p-value.</returns>
    PairedComparison Compare(IMetricSeries other, IReadOnlyList<int> mine, IReadOnlyList<int> theirs);
}
