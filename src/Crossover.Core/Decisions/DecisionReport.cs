using Crossover.Core.Economics;
using Crossover.Core.Evidence;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>Everything <c>crossover decide</c> produces: the answer, the options it was chosen from, the reasons, the
/// economics, the uncertainty and what is worth measuring next. This is the JSON document of <c>decide --format json</c>
/// and the input of every report.</summary>
/// <param name="Profile">The profile as read (after evidence replaced measured values).</param>
/// <param name="Recommendation">The approach.</param>
/// <param name="HybridPattern">The hybrid pattern, null unless hybrid.</param>
/// <param name="Retrieval">Whether retrieval is advised (facts change monthly or more often: it rides on every option).</param>
/// <param name="TuningMethod">How to fine-tune, null unless a tuned model is part of the answer.</param>
/// <param name="Confidence">The Monte Carlo share of draws (ranged inputs and quality uncertainty) in which the recommended option is the best feasible one; without draws, its feasibility probability.</param>
/// <param name="Gate">The constraint that left only the prompt, if one did.</param>
/// <param name="Summary">One sentence.</param>
/// <param name="Criteria">Every criterion, strongest first, each saying how it entered.</param>
/// <param name="DecidingCriteria">The ids that carried the answer.</param>
/// <param name="NextSteps">Concrete next steps, measurements ranked by their value of information first.</param>
/// <param name="Economics">Costs of each approach and option.</param>
/// <param name="Uncertainty">Sensitivity and Monte Carlo, when the profile has ranges or uncertain beliefs.</param>
/// <param name="Evidence">The run whose measurements were used, when one was.</param>
/// <param name="Replacements">Profile values replaced by measurements.</param>
/// <param name="CatalogDate">The price catalog's date.</param>
/// <param name="RecommendedOption">The option recommended.</param>
/// <param name="FeasibilityThreshold">The probability an option had to reach to count as feasible.</param>
/// <param name="Options">Every option considered: cost, feasibility, and why any was ruled out.</param>
/// <param name="ValueOfInformation">What knowing each uncertain input is worth, largest first.</param>
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
    DateOnly CatalogDate,
    OptionKind RecommendedOption,
    double FeasibilityThreshold,
    IReadOnlyList<DecisionOption> Options,
    IReadOnlyList<ValueOfInformation> ValueOfInformation)
{
    /// <summary>What the reader must know about the prices used: a stale catalog, models past or near their shutdown, fine-tunes that cannot be started, unconfirmed prices.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
