using System.Globalization;
using Crossover.Core.Input;
using Crossover.LocalModels;

namespace Crossover.Tuning.Jobs;

/// <summary>
/// The knobs of a fine-tuning job, with their defaults and limits in one place for every verb that takes them
/// (<c>tune prepare</c>, <c>tune start</c>, <c>tune export</c>); null means the provider's default ("auto").
/// </summary>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="BatchSize">Examples per step.</param>
/// <param name="LearningRateMultiplier">Scales the provider's base learning rate (local: 2e-4 × this).</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Suffix">Added to the tuned model's name.</param>
public sealed record TuningHyperparameters(int? Epochs, int? BatchSize, double? LearningRateMultiplier, int? Seed, string? Suffix)
{
    /// <summary>Passes over the data when none is given to a trainer with no "auto" (local, exports) or to a cost estimate.</summary>
    public const int DefaultEpochs = TrainingOptions.DefaultEpochs;

    /// <summary>The most passes any verb accepts, the local trainer's limit too: OpenAI's <c>n_epochs</c> maximum.</summary>
    public const int MaxEpochs = TrainingOptions.MaxEpochs;

    /// <summary>The largest batch size accepted (OpenAI's <c>batch_size</c> maximum).</summary>
    public const int MaxBatchSize = 256;

    /// <summary>The largest learning-rate multiplier accepted.</summary>
    public const double MaxLearningRateMultiplier = 10;

    /// <summary>The longest suffix accepted (OpenAI keeps the first 18 characters).</summary>
    public const int MaxSuffixLength = 40;

    /// <summary>Checks every value that is set, before any file is written or any remote call is made.</summary>
    /// <exception cref="InputException">A value is out of range; the message names the option.</exception>
    public void Validate()
    {
        if (Epochs is { } epochs)
        {
            ValidateEpochs(epochs, "or leave it out for auto");
        }

        if (BatchSize is < 1 or > MaxBatchSize)
        {
            throw new InputException($"--batch-size {BatchSize} is out of range", field: "batch-size", hint: $"use 1 to {MaxBatchSize}, or leave it out for auto");
        }

        if (LearningRateMultiplier is { } lrm && !(double.IsFinite(lrm) && lrm is > 0 and <= MaxLearningRateMultiplier))
        {
            throw new InputException($"--learning-rate-multiplier {lrm.ToString(CultureInfo.InvariantCulture)} is out of range", field: "learning-rate-multiplier",
                hint: $"use a value in (0, {MaxLearningRateMultiplier}]; 0.05 to 2 is usual");
        }

        if (Seed is < 0)
        {
            throw new InputException($"--seed {Seed} is out of range", field: "seed", hint: "use 0 or more, or leave it out");
        }

        if (Suffix is { } s && (s.Length is 0 or > MaxSuffixLength || s.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))))
        {
            throw new InputException($"--suffix '{s}' is not allowed", field: "suffix", hint: $"use up to {MaxSuffixLength} letters, digits, '-' or '_' (OpenAI keeps the first 18)");
        }
    }

    /// <summary>Checks an epoch count against the one limit every verb shares.</summary>
    /// <param name="epochs">The count.</param>
    /// <param name="alternative">What else the user may do, appended to the hint (e.g. "or leave it out for auto"); null for nothing.</param>
    /// <exception cref="InputException">The count is out of range.</exception>
    public static void ValidateEpochs(int epochs, string? alternative = null)
    {
        if (epochs is < 1 or > MaxEpochs)
        {
            throw new InputException($"--epochs {epochs} is out of range", field: "epochs",
                hint: $"use 1 to {MaxEpochs} (OpenAI's limit){(alternative is null ? $"; {DefaultEpochs} is a common default" : ", " + alternative)}");
        }
    }
}
