using Crossover.Core.Input;
using Crossover.LocalModels;

namespace Crossover.Tuning.Curves;

/// <summary>What <see cref="LearningCurveRunner"/> measures: defaults in one place, checked by <see cref="Validate"/>.</summary>
public sealed class LearningCurveOptions
{
    /// <summary>Training-set sizes, increasing (default 50, 100, 200, 500, 1000).</summary>
    public IReadOnlyList<int> Sizes { get; set; } = [50, 100, 200, 500, 1000];

    /// <summary>The local base model folder (Hugging Face layout) to LoRA-fine-tune at each size.</summary>
    public string ModelDirectory { get; set; } = string.Empty;

    /// <summary>LoRA and optimiser settings, the same for every size.</summary>
    public TrainingOptions Training { get; set; } = new();

    /// <summary>Seed of the order the nested subsets are cut from (default 7).</summary>
    public int SubsetSeed { get; set; } = 7;

    /// <summary>A run (in the same store) whose best prompting candidate is the baseline; null: run the experiment's candidates in the curve's own run.</summary>
    public string? BaselineRunId { get; set; }

    /// <summary>The baseline candidate by name; null: the one with the highest primary metric.</summary>
    public string? BaselineCandidate { get; set; }

    /// <summary>Where adapters are written (a <c>RUN/curve-N</c> folder each); null: <c>curves</c> beside the run store.</summary>
    public string? AdapterDirectory { get; set; }

    /// <summary>USD to label one example, shown as the labeling cost of each size; null when unknown.</summary>
    public double? CostPerLabelUsd { get; set; }

    /// <summary>Checks the values and throws a user error naming the bad one.</summary>
    /// <exception cref="InputException">A value is out of range.</exception>
    public void Validate()
    {
        if (Sizes.Count == 0)
        {
            throw new InputException("no sizes given", field: "sizes", hint: "e.g. --sizes 50,100,200,500,1000");
        }

        for (var i = 0; i < Sizes.Count; i++)
        {
            if (Sizes[i] < 1)
            {
                throw new InputException($"size {Sizes[i]} is not a positive number of examples", field: "sizes", hint: "e.g. --sizes 50,100,200,500,1000");
            }

            if (i > 0 && Sizes[i] <= Sizes[i - 1])
            {
                throw new InputException($"sizes must increase, but {Sizes[i]} follows {Sizes[i - 1]}", field: "sizes", hint: "list each size once, smallest first");
            }
        }

        if (string.IsNullOrWhiteSpace(ModelDirectory))
        {
            throw new InputException("no local base model given", field: "model", hint: "pass --model with a Hugging Face model folder");
        }

        if (CostPerLabelUsd is < 0)
        {
            throw new InputException($"cost per label {CostPerLabelUsd} is negative", field: "cost-per-label");
        }

        if (BaselineCandidate is not null && BaselineCandidate.StartsWith(LearningCurveRunner.CandidatePrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException($"'{BaselineCandidate}' names a tuned size, not a prompting candidate", field: "baseline");
        }

        Training.Validate();
        if (Training.ResumeFrom is not null || Training.CheckpointEvery > 0)
        {
            throw new InputException("a learning curve trains each size from scratch: no checkpoints or resume", field: "resume");
        }
    }
}
