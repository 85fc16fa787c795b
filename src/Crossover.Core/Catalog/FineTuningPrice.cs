namespace Crossover.Core.Catalog;

/// <summary>What fine-tuning a model costs and what its tuned variant costs to call, in USD per 1M tokens.</summary>
/// <param name="Training">Training tokens (examples × tokens × epochs).</param>
/// <param name="Input">Uncached input tokens to the tuned model (0 when the tuned model is served only on a dedicated <paramref name="Endpoint"/>).</param>
/// <param name="CachedInput">Cached input tokens to the tuned model, when discounted.</param>
/// <param name="Output">Output tokens from the tuned model (0 when the tuned model is served only on a dedicated <paramref name="Endpoint"/>).</param>
/// <param name="AcceptsNewJobs">Whether the provider accepts new fine-tuning jobs for this model from a team that has not tuned with it before.</param>
/// <param name="Availability">A dated note on availability, when there is one.</param>
/// <param name="Source">The public page the figures come from.</param>
/// <param name="NewJobsUntil">The last day the provider accepts new fine-tuning jobs for this model from anyone, when announced.</param>
/// <param name="ServingUntil">The last day tuned models are served, when it differs from the base model's shutdown.</param>
/// <param name="WindDown">The announced steps by which the provider stops taking new jobs, earliest first.</param>
/// <param name="Endpoint">The hourly dedicated endpoint the tuned model must be served on, where the host does not serve it per token.</param>
/// <param name="Read">The date the figures were read from <paramref name="Source"/>.</param>
public sealed record FineTuningPrice(
    double Training,
    double Input,
    double? CachedInput,
    double Output,
    bool AcceptsNewJobs,
    string? Availability,
    string Source,
    DateOnly? NewJobsUntil = null,
    DateOnly? ServingUntil = null,
    IReadOnlyList<WindDownStep>? WindDown = null,
    DedicatedEndpoint? Endpoint = null,
    DateOnly? Read = null)
{
    /// <summary>What one training run costs, USD.</summary>
    /// <param name="trainingTokens">Training tokens: examples × tokens per example × epochs.</param>
    /// <returns>USD.</returns>
    public double TrainingUsd(double trainingTokens) => trainingTokens * Training / 1e6;

    /// <summary>The tuned variant of <paramref name="baseModel"/> as a price to call: its serving rates (no cache-write premium, no long-context tier), the base model's cache minimum.</summary>
    /// <param name="baseModel">The model this fine-tuning price belongs to.</param>
    /// <returns>The tuned model's price.</returns>
    public ModelPrice Serving(ModelPrice baseModel)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        return baseModel with { Input = Input, CachedInput = CachedInput, CacheWrite = null, CacheWriteOneHour = null, LongContext = null, Output = Output, BatchDiscount = 0, FineTuning = null, Source = Source };
    }
}
