namespace Crossover.Evaluation.Cascades;

/// <summary>
/// What a cascade's threshold is calibrated for on the dev split, and which option the analysis recommends on the
/// test split. With neither set: match the strongest single candidate's dev quality at the lowest dev cost, and
/// recommend the cheapest option not significantly worse than that candidate on test.
/// </summary>
/// <param name="TargetQuality">The quality to reach (0–1): the cheapest threshold reaching it on dev; the cheapest option whose test lower bound clears it.</param>
/// <param name="BudgetPer1kUsd">The cost not to exceed, USD per 1,000 requests: the best threshold within it on dev; the best option within it on test.</param>
public sealed record CascadeObjective(double? TargetQuality, double? BudgetPer1kUsd);
