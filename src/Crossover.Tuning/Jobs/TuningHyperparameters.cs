using Crossover.Core.Input;

namespace Crossover.Tuning.Jobs;

/// <summary>The knobs of a fine-tuning job; null means the provider's default ("auto").</summary>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="BatchSize">Examples per step.</param>
/// <param name="LearningRateMultiplier">Scales the provider's base learning rate (local: 2e-4 × this).</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Suffix">Added to the tuned model's name.</param>
public sealed record TuningHyperparameters(int? Epochs, int? BatchSize, double? LearningRateMultiplier, int? Seed, string? Suffix)
{
    /// <summary>
    /// Checks what the providers' create call would refuse, so nothing is uploaded for a job that cannot start:
    /// OpenAI's and Azure's specifications give <c>seed</c> a minimum of 0.
    /// </summary>
    /// <exception cref="InputException">A value is out of the providers' range.</exception>
    public void Validate()
    {
        if (Seed is < 0)
        {
            throw new InputException($"--seed {Seed} is out of range", field: "seed", hint: "use 0 to 2147483647 (the fine-tuning API's range), or leave it out for a random seed");
        }
    }
}
