namespace Crossover.Tuning.Jobs;

/// <summary>The outcome of <c>tune start</c>.</summary>
/// <param name="Job">The job, as recorded.</param>
/// <param name="Existing">True when a live job with the same idempotency key already existed and nothing was submitted.</param>
public sealed record JobStart(TuningJob Job, bool Existing);
