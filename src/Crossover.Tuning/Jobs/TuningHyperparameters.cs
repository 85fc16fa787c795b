namespace Crossover.Tuning.Jobs;

/// <summary>The knobs of a fine-tuning job; null means the provider's default ("auto").</summary>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="BatchSize">Examples per step.</param>
/// <param name="LearningRateMultiplier">Scales the provider's base learning rate (local: 2e-4 × this).</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Suffix">Added to the tuned model's name.</param>
public sealed record TuningHyperparameters(int? Epochs, int? BatchSize, double? LearningRateMultiplier, int? Seed, string? Suffix);
