using Crossover.LocalModels;
using Crossover.Tuning.Jobs;

namespace Crossover.Tuning.Export;

/// <summary>
/// What <see cref="TrainingExporter"/> writes: the trainer, the base model and the LoRA hyper-parameters
/// (docs/training-exports.md). The LoRA limits are the ones every verb shares (<see cref="LoraConfig.CheckRank"/>,
/// <see cref="LoraConfig.CheckAlpha"/>, <see cref="LoraConfig.CheckDropout"/>) and the epoch limit is
/// <see cref="TuningHyperparameters"/>'s; the defaults are for a GPU trainer adapting every linear layer of a 1B+ model,
/// where the local engine's (<see cref="LoraConfig"/>: rank 8 on the attention projections) are sized for a CPU.
/// </summary>
/// <param name="Tool">The trainer the project is for.</param>
/// <param name="BaseModel">The Hugging Face model id to adapt.</param>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="LoraRank">The LoRA rank r.</param>
/// <param name="LoraAlpha">The LoRA scaling alpha; null for twice the rank.</param>
/// <param name="LoraDropout">Dropout on the LoRA path.</param>
/// <param name="LoraTarget">Comma-separated module names to adapt, or <c>all</c> for every linear projection.</param>
/// <param name="LearningRate">The peak learning rate.</param>
/// <param name="SequenceLength">Tokens per example before truncation; null to size it from the longest example.</param>
/// <param name="MicroBatchSize">Examples per device per step.</param>
/// <param name="GradientAccumulation">Steps whose gradients are summed before an update.</param>
/// <param name="Template">A name from LLaMA-Factory's template registry; null to leave it out, so LLaMA-Factory uses the model's own chat template.</param>
/// <param name="Model">The catalog model the validation tokenizes and checks the context for; null for the experiment's first candidate's.</param>
public sealed record ExportOptions(
    TrainingTool Tool,
    string BaseModel = ExportOptions.DefaultBaseModel,
    int Epochs = TuningHyperparameters.DefaultEpochs,
    int LoraRank = 16,
    int? LoraAlpha = null,
    double LoraDropout = 0.05,
    string LoraTarget = "all",
    double LearningRate = 2e-4,
    int? SequenceLength = null,
    int MicroBatchSize = 2,
    int GradientAccumulation = 4,
    string? Template = null,
    string? Model = null)
{
    /// <summary>A small, ungated instruct model that every three trainers support.</summary>
    public const string DefaultBaseModel = "Qwen/Qwen2.5-1.5B-Instruct";
}
