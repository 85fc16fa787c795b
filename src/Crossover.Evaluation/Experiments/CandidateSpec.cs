namespace Crossover.Evaluation.Experiments;

/// <summary>One thing compared: a model with a prompting strategy.</summary>
/// <param name="Name">The candidate's name.</param>
/// <param name="Model">The model and its endpoint.</param>
/// <param name="Strategy">How the prompt is built.</param>
/// <param name="Temperature">Its sampling temperature, when it overrides the experiment's.</param>
public sealed record CandidateSpec(string Name, ModelSpec Model, StrategySpec Strategy, double? Temperature);
