using System.Net;
using System.Text.Json;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Polly;
using Polly.Retry;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// The retry pipeline and per-attempt deadline shared by the chat and embedding layers, so both kinds of call retry
/// the same failures the same way. Retries use Polly: 408, 429 and 5xx answers, timeouts, dropped connections and
/// malformed bodies; exponential backoff with jitter, or exactly the server's Retry-After when it sends one. A
/// Retry-After longer than the policy allows ends the call instead of stalling the run.
/// </summary>
public static class CallResilience
{
    /// <summary>The retry pipeline for <paramref name="policy"/>.</summary>
    /// <param name="policy">Retries, backoff and the longest Retry-After honoured.</param>
    /// <param name="time">The clock the waits run on.</param>
    /// <param name="isTransient">Which failures are worth another attempt; <see cref="IsTransient"/> when null.</param>
    /// <returns>The pipeline.</returns>
    public static ResiliencePipeline Retries(CallPolicy policy, TimeProvider time, Func<Exception, bool>? isTransient = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var transient = isTransient ?? IsTransient;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (policy.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = policy.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = policy.Backoff,
                MaxDelay = TimeSpan.FromSeconds(60),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && transient(ex) && !(RetryAfter(ex) > policy.MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } ex ? RetryAfter(ex) : null),
            });
        }

        return builder.Build();
    }

    /// <summary>Runs one attempt with a deadline; past it the attempt fails with <see cref="TimeoutException"/> (which the retries retry).</summary>
    /// <typeparam name="T">The attempt's result.</typeparam>
    /// <param name="attempt">The attempt, given a token that fires at the deadline or on cancellation.</param>
    /// <param name="timeout">The deadline.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>The attempt's result.</returns>
    /// <exception cref="TimeoutException">The deadline passed first.</exception>
    public static async Task<T> WithDeadlineAsync<T>(Func<CancellationToken, Task<T>> attempt, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await attempt(linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no response within {timeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>Whether an exception is worth another attempt: 408, 429 and 5xx answers, timeouts, dropped connections, malformed bodies.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>True to retry.</returns>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ProviderException p => IsTransientStatus(p.Status),
        HttpRequestException h => h.StatusCode is null || IsTransientStatus(h.StatusCode.Value),
        TimeoutException or IOException or JsonException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    // 501 and 505 say the server lacks the endpoint or protocol: asking again cannot help.
    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)status >= 500 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    /// <summary>The wait the server asked for (Retry-After or retry-after-ms, read by <see cref="ProviderException.RetryAfterOf"/>), when it sent one.</summary>
    private static TimeSpan? RetryAfter(Exception exception) => exception is ProviderException p ? p.RetryAfter : null;
}
