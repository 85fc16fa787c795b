namespace Crossover.Core.Economics;

/// <summary>
/// Price-free comparison in FLOPs on both sides: inference 2N per token and training 6N per token for decoder-only models
/// (N and 3N for encoder-decoder), per request and per month, the requests at which training pays back in compute
/// (Liu et al. 2022, T-Few, arXiv:2205.05638), and GPU-hours at a stated utilization (docs/economics.md).
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
/// <param name="TunedFlopsPerRequest">FLOPs of one fine-tuned request (its prompt and output tokens × inference FLOPs per token).</param>
/// <param name="PromptedParametersBillions">Parameters of the prompted model (prompted.parametersBillions, or the catalog's for open models), when known.</param>
/// <param name="PromptedFlopsPerRequest">FLOPs of one prompted request (2N per token, decoder-only), when the prompted size is known.</param>
/// <param name="PromptedInferenceFlopsPerMonth">FLOPs of serving the first month's volume by prompting, when the prompted size is known.</param>
/// <param name="ComputeBreakEvenRequests">Requests after which one training run has paid for itself in FLOPs (T-Few's comparison), when tuned requests are cheaper in FLOPs.</param>
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
    double? InferenceGpuHoursPerMonth,
    double TunedFlopsPerRequest = 0,
    double? PromptedParametersBillions = null,
    double? PromptedFlopsPerRequest = null,
    double? PromptedInferenceFlopsPerMonth = null,
    double? ComputeBreakEvenRequests = null);
