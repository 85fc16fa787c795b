namespace Crossover.Core.Economics;

/// <summary>
/// Price-free comparison in FLOPs: inference 2N per token and training 6N per token for decoder-only models
/// (N and 3N for encoder-decoder), and GPU-hours at a stated utilization (docs/economics.md).
/// </summary>
/// <param name="ParametersBillions">Parameters of the fine-tuned model.</param>
/// <param name="InferenceFlopsPerToken">FLOPs per processed token at inference.</param>
/// <param name="TrainingFlopsPerToken">FLOPs per training token.</param>
/// <param name="TrainingTokens">Training tokens of one run (examples × tokens × epochs).</param>
/// <param name="TrainingFlops">FLOPs of one training run.</param>
/// <param name="InferenceFlopsPerMonth">FLOPs of serving the first month's volume.</param>
/// <param name="Gpu">The GPU used for GPU-hours, when known.</param>
/// <param name="Utilization">Share of peak FLOP/s assumed achieved.</param>
/// <param name="TrainingGpuHours">GPU-hours for one training run, when a GPU is known.</param>
/// <param name="InferenceGpuHoursPerMonth">GPU-hours of compute for the first month's volume, when a GPU is known.</param>
public sealed record ComputeView(
    double ParametersBillions,
    double InferenceFlopsPerToken,
    double TrainingFlopsPerToken,
    double TrainingTokens,
    double TrainingFlops,
    double InferenceFlopsPerMonth,
    string? Gpu,
    double Utilization,
    double? TrainingGpuHours,
    double? InferenceGpuHoursPerMonth);
