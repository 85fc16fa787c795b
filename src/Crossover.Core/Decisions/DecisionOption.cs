using Crossover.Core.Economics;

namespace Crossover.Core.Decisions;

/// <summary>One requirement of one option and how likely the option is to meet it.</summary>
/// <param name="Requirement">quality, format, style or latency.</param>
/// <param name="Belief">Whose belief it reads, e.g. <c>quality.prompting</c>.</param>
/// <param name="Basis">Measured, stated or assumed.</param>
/// <param name="Likely">The belief's most likely value (for latency, the p95 in ms).</param>
/// <param name="Threshold">What it must reach, shifts included (for latency, the SLO in ms).</param>
/// <param name="Probability">P(the requirement is met).</param>
/// <param name="Explanation">One line with the numbers.</param>
/// <param name="Source">Where the value or prior comes from.</param>
public sealed record FeasibilityCheck(
    string Requirement, string Belief, BeliefBasis Basis, double Likely, double Threshold, double Probability, string Explanation, string Source);

/// <summary>One option the decision considered: its cost, its feasibility and, when ruled out, why.</summary>
/// <param name="Kind">The option.</param>
/// <param name="Approach">The answer it stands for.</param>
/// <param name="HybridPattern">Its hybrid pattern, when it is a hybrid.</param>
/// <param name="Title">A human title.</param>
/// <param name="ExcludedBecause">The constraint that rules it out, when one does (then it has no feasibility).</param>
/// <param name="Cost">Its cost over the horizon, when it can be priced.</param>
/// <param name="FeasibilityProbability">P(it meets quality, format, style and latency), the checks multiplied.</param>
/// <param name="Feasible">Whether the probability reaches the threshold and no measurement rules it out.</param>
/// <param name="InfeasibleBecause">Why it is not feasible, with the numbers.</param>
/// <param name="Checks">Each requirement it was checked against.</param>
/// <param name="ProbabilityBest">Monte Carlo share of draws in which it was the best feasible option.</param>
public sealed record DecisionOption(
    OptionKind Kind,
    Approach Approach,
    HybridPattern? HybridPattern,
    string Title,
    string? ExcludedBecause,
    OptionCost? Cost,
    double FeasibilityProbability,
    bool Feasible,
    string? InfeasibleBecause,
    IReadOnlyList<FeasibilityCheck> Checks,
    double ProbabilityBest);

/// <summary>What knowing one uncertain input exactly is worth, and the measurement that would resolve it.</summary>
/// <param name="Input">The input, e.g. <c>quality.prompting</c> or <c>traffic.requestsPerMonth</c>.</param>
/// <param name="EvpiUsd">Expected value of perfect information over the horizon, USD (docs/decision.md).</param>
/// <param name="CouldChangeAnswer">Whether some values of the input make another option the best.</param>
/// <param name="Measurement">The measurement that would resolve it.</param>
/// <param name="MeasurementCostUsd">Its estimated cost, when it can be priced.</param>
public sealed record ValueOfInformation(string Input, double EvpiUsd, bool CouldChangeAnswer, string Measurement, double? MeasurementCostUsd);
