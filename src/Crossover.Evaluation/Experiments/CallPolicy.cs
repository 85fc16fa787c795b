namespace Crossover.Evaluation.Experiments;

/// <summary>Per-call timeout and retry policy.</summary>
/// <param name="Timeout">The timeout of one attempt.</param>
/// <param name="Retries">Retries after the first attempt on 429, 5xx, timeouts and dropped connections.</param>
/// <param name="Backoff">The first retry's base delay; it doubles per attempt, with jitter, unless the server sends Retry-After.</param>
/// <param name="MaxRetryAfter">The longest Retry-After honoured before the call is recorded as an error.</param>
public sealed record CallPolicy(TimeSpan Timeout, int Retries, TimeSpan Backoff, TimeSpan MaxRetryAfter);
