namespace Crossover.Core.Economics;

/// <summary>What the ranges in a profile do to the answer.</summary>
/// <param name="Sensitivity">One row per ranged input, largest swing first (a tornado chart's rows).</param>
/// <param name="MonteCarlo">The probability of each approach being cheapest.</param>
public sealed record UncertaintyResult(IReadOnlyList<SensitivityRow> Sensitivity, MonteCarloResult MonteCarlo);
