namespace Crossover.Evaluation.Experiments;

/// <summary>How a candidate builds its prompt.</summary>
/// <param name="Kind">The strategy.</param>
/// <param name="Shots">Demonstrations per prompt (0 for zero-shot).</param>
/// <param name="Select">How demonstrations are picked.</param>
public sealed record StrategySpec(StrategyKind Kind, int Shots, ShotSelection Select);
