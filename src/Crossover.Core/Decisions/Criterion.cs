namespace Crossover.Core.Decisions;

/// <summary>How a criterion entered the decision over options.</summary>
public enum CriterionRole
{
    /// <summary>It set a prior on an option's quality, format, style or latency.</summary>
    Prior,

    /// <summary>It ruled options out (or forced retrieval onto every one).</summary>
    Constraint,

    /// <summary>It entered an option's cost (volume, prompt size, retraining cadence).</summary>
    Cost,

    /// <summary>It explains the answer or shapes the next steps only.</summary>
    Explanation,
}

/// <summary>One evaluated rule of the framework, kept as a reason shown to the reader.</summary>
/// <param name="Id">Stable id, e.g. <c>volume-vs-break-even</c>.</param>
/// <param name="Title">A short human title.</param>
/// <param name="Favors">Which way it points.</param>
/// <param name="Weight">How strongly, 0 (not at all) to 1 (decisive on its own), as a reader would weigh it.</param>
/// <param name="Explanation">One line on why, with the numbers it read.</param>
/// <param name="Source">Where the rule comes from (a seed article file name, a paper, a price page).</param>
public sealed record Criterion(string Id, string Title, Direction Favors, double Weight, string Explanation, string Source)
{
    /// <summary>How it entered the decision (docs/decision.md, "Criteria").</summary>
    public CriterionRole Entered { get; init; } = CriterionRole.Explanation;
}
