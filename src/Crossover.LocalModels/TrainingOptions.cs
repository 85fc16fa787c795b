namespace Crossover.LocalModels;

/// <summary>LoRA supervised fine-tuning settings; defaults in one place, checked by <see cref="Validate"/>.</summary>
public sealed class TrainingOptions
{
    /// <summary>Passes over the data when none is given: here, and for every tuning verb (Crossover.Tuning's TuningHyperparameters).</summary>
    public const int DefaultEpochs = 3;

    /// <summary>The most passes any verb accepts, local or remote: OpenAI's <c>n_epochs</c> maximum, far above what LoRA needs.</summary>
    public const int MaxEpochs = 50;

    /// <summary>The adapter to train.</summary>
    public LoraConfig Lora { get; set; } = new();

    /// <summary>Passes over the training set (default 3).</summary>
    public int Epochs { get; set; } = DefaultEpochs;

    /// <summary>Peak learning rate (default 2e-4).</summary>
    public double LearningRate { get; set; } = 2e-4;

    /// <summary>Examples per micro-batch (default 4).</summary>
    public int BatchSize { get; set; } = 4;

    /// <summary>Micro-batches per optimizer step (default 1).</summary>
    public int GradientAccumulation { get; set; } = 1;

    /// <summary>Linear warm-up as a fraction of all steps, then cosine decay to 0 (default 0.05).</summary>
    public double WarmupRatio { get; set; } = 0.05;

    /// <summary>AdamW weight decay (default 0).</summary>
    public double WeightDecay { get; set; }

    /// <summary>Clip the gradient's global L2 norm to this (0 = off; default 1).</summary>
    public double MaxGradNorm { get; set; } = 1.0;

    /// <summary>Seed for adapter initialisation, shuffling and dropout (default 42).</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Examples longer than this many tokens are cut (default 512).</summary>
    public int MaxSequenceLength { get; set; } = 512;

    /// <summary>Stop after this many epochs without a better validation loss (0 = off; needs validation data).</summary>
    public int EarlyStoppingPatience { get; set; }

    /// <summary>Save a checkpoint every N optimizer steps into <see cref="CheckpointDirectory"/> (0 = off).</summary>
    public int CheckpointEvery { get; set; }

    /// <summary>Where checkpoints go (<c>checkpoint-STEP</c> folders).</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>A checkpoint folder to resume from.</summary>
    public string? ResumeFrom { get; set; }

    /// <summary>Checks the values and throws a user error naming the bad one.</summary>
    /// <exception cref="Core.Input.InputException">A value is out of range.</exception>
    public void Validate()
    {
        Lora.Validate();
        Check(Epochs is >= 1 and <= MaxEpochs, "epochs", $"must be 1 to {MaxEpochs}");

        // Each check is written so that NaN fails it; infinities are refused by name.
        Check(LearningRate > 0 && double.IsFinite(LearningRate), "learning-rate", "must be a positive number");
        Check(BatchSize >= 1, "batch-size", "must be at least 1");
        Check(GradientAccumulation >= 1, "grad-accum", "must be at least 1");
        Check(WarmupRatio is >= 0 and < 1, "warmup-ratio", "must be in [0, 1)");
        Check(MaxGradNorm >= 0 && double.IsFinite(MaxGradNorm), "max-grad-norm", "must be a number, 0 or more");
        Check(MaxSequenceLength >= 2, "max-seq-len", "must be at least 2");
        Check(CheckpointEvery == 0 || CheckpointDirectory is not null, "checkpoint-every", "needs a checkpoint directory");
    }

    private static void Check(bool ok, string field, string problem)
    {
        if (!ok)
        {
            throw new Core.Input.InputException(problem, field: field);
        }
    }
}

/// <summary>Progress after an optimizer step.</summary>
/// <param name="Step">Optimizer steps done.</param>
/// <param name="TotalSteps">Optimizer steps planned.</param>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="TrainLoss">Mean loss over the answer tokens of the step.</param>
/// <param name="LearningRate">The learning rate used.</param>
/// <param name="TokensPerSecond">Tokens processed per second so far.</param>
/// <param name="Eta">Estimated time left.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, int Epoch, double TrainLoss, double LearningRate, double TokensPerSecond, TimeSpan Eta);

/// <summary>Losses at the end of an epoch.</summary>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="ValidationLoss">Validation loss, when there is validation data.</param>
public sealed record EpochResult(int Epoch, double TrainLoss, double? ValidationLoss);

/// <summary>What a training run did.</summary>
/// <param name="Steps">Per-step progress.</param>
/// <param name="Epochs">Per-epoch losses.</param>
/// <param name="StoppedEarly">Whether early stopping ended the run (the best adapter is kept).</param>
/// <param name="TokensPerSecond">Training throughput.</param>
/// <param name="TrainedTokens">Prompt and answer tokens of every example trained on, summed over epochs: the figure providers bill training by.</param>
public sealed record TrainingReport(IReadOnlyList<TrainingProgress> Steps, IReadOnlyList<EpochResult> Epochs, bool StoppedEarly, double TokensPerSecond, long TrainedTokens);
