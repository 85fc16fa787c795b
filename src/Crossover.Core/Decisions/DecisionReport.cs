using Crossover.Core.Economics;
using Crossover.Core.Evidence;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>Everything <c>crossover decide</c> produces: the answer, the reasons, the economics and the uncertainty.
/// This is the JSON document of <c>decide --format json</c> and the input of every report.</summary>
/// <param name="Profile">The profile as read (after evidence replaced measured values).</param>
/// <param name="Recommendation">The approach.</param>
/// <param name="HybridPattern">The hybrid pattern, null unless hybrid.</param>
/// <param name="Retrieval">Whether retrieval is advised.</param>
/// <param name="TuningMethod">How to fine-tune, null unless fine-tuning is part of the answer.</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Gate">The hard gate that decided, if any.</param>
/// <param name="Summary">One sentence.</param>
/// <param name="Criteria">Every criterion, strongest first.</param>
/// <param name="DecidingCriteria">The ids that carried the answer.</param>
/// <param name="NextSteps">Concrete next steps.</param>
/// <param name="Economics">Costs of each approach.</param>
/// <param name="Uncertainty">Sensitivity and Monte Carlo, when the profile has ranges.</param>
/// <param name="Evidence">The run whose measurements were used, when one was.</param>
/// <param name="Replacements">Profile values replaced by measurements.</param>
/// <param name="CatalogDate">The price catalog's date.</param>
public sealed record DecisionReport(
    UseCaseProfile Profile,
    Approach Recommendation,
    HybridPattern? HybridPattern,
    bool Retrieval,
    TuningMethod? TuningMethod,
    double Confidence,
    string? Gate,
    string Summary,
    IReadOnlyList<Criterion> Criteria,
    IReadOnlyList<string> DecidingCriteria,
    IReadOnlyList<string> NextSteps,
    EconomicsResult Economics,
    UncertaintyResult? Uncertainty,
    RunEvidence? Evidence,
    IReadOnlyList<Replacement> Replacements,
    DateOnly CatalogDate)
{
    /// <summary>What the reader must know about the prices used: a stale catalog, models past or near their shutdown, fine-tunes that cannot be started, unconfirmed prices.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
