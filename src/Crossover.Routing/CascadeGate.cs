namespace Crossover.Routing;

/// <summary>
/// What decides whether a stage's answer is accepted or escalated to the next stage. Every gate first applies the
/// format check (an answer that does not parse, is not one of the labels or fails the schema escalates, free); the
/// other gates add one measured score compared with a threshold (docs/cascades.md).
/// </summary>
public enum CascadeGate
{
    /// <summary>Only the format check: a well-formed answer is accepted.</summary>
    Format,

    /// <summary>The answer's confidence from its token log-probabilities (geometric mean of token probabilities) must reach the threshold.</summary>
    Confidence,

    /// <summary>The stage is sampled several times; the share of samples agreeing with the majority answer must reach the threshold.</summary>
    Agreement,

    /// <summary>A cheap judge's score of the answer (0 to 1) must reach the threshold; the judge's cost counts.</summary>
    Judge,
}
