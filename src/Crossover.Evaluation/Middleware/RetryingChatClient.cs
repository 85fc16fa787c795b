using System.ClientModel;
using System.Net;
using System.Text.Json;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// Retries transient failures with Polly: 408, 429 and 5xx answers, timeouts, dropped connections and malformed
/// bodies; exponential backoff with jitter, or exactly the server's Retry-After when it sends one. A Retry-After
/// longer than the policy allows ends the call instead of stalling the run.
/// </summary>
internal sealed class RetryingChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;

    public RetryingChatClient(IChatClient inner, CallPolicy policy, TimeProvider time)
        : base(inner)
    {
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
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex) && !(RetryAfter(ex) > policy.MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } ex ? RetryAfter(ex) : null),
            });
        }

        _pipeline = builder.Build();
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return await _pipeline.ExecuteAsync(
            static async (state, token) => await state.Self.InnerGetAsync(state.List, state.Options, token),
            (Self: this, List: list, Options: options),
            cancellationToken);
    }

    /// <summary>Whether an exception is worth another attempt.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ProviderException p => IsTransientStatus(p.Status),
        ClientResultException c => c.Status == 0 || IsTransientStatus((HttpStatusCode)c.Status),
        HttpRequestException h => h.StatusCode is null || IsTransientStatus(h.StatusCode.Value),
        TimeoutException or IOException or JsonException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The wait the server asked for (Retry-After or retry-after-ms), when it sent one.</summary>
    private static TimeSpan? RetryAfter(Exception exception)
    {
        if (exception is ProviderException p)
        {
            return p.RetryAfter;
        }

        if (exception is ClientResultException c && c.GetRawResponse() is { } response)
        {
            if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, System.Globalization.CultureInfo.InvariantCulture, out var millis))
            {
                return TimeSpan.FromMilliseconds(millis);
            }

            if (response.Headers.TryGetValue("Retry-After", out var seconds) && double.TryParse(seconds, System.Globalization.CultureInfo.InvariantCulture, out var s))
            {
                return TimeSpan.FromSeconds(s);
            }
        }

        return null;
    }

    private Task<ChatResponse> InnerGetAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) =>
        base.GetResponseAsync(messages, options, cancellationToken);
}
