using Crossover.Evaluation.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// Logs each attempt that reaches the provider: model, latency and tokens at Debug, the failure (keys and credential
/// headers redacted) at Warning. Never the prompt or the answer: they may hold the user's data.
/// </summary>
internal sealed partial class LoggingCallClient(IChatClient inner, ILogger logger, TimeProvider time) : CallLayer(inner)
{
    protected override async Task<ChatResponse> HandleAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, InnerCall inner, CancellationToken cancellationToken)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return await inner(messages, options, cancellationToken);
        }

        var model = this.GetService<ChatClientMetadata>() is { } metadata ? $"{metadata.ProviderName}/{metadata.DefaultModelId}" : "model";
        var start = time.GetTimestamp();
        try
        {
            var response = await inner(messages, options, cancellationToken);
            var latency = time.GetElapsedTime(start).TotalMilliseconds;
            var usage = response.Usage ?? new UsageDetails();
            Answered(logger, model, latency, usage.InputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0, usage.OutputTokenCount ?? 0);

            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var latency = time.GetElapsedTime(start).TotalMilliseconds;
            var reason = ApiKeys.Redact(ex.Message.ReplaceLineEndings(" "));
            Failed(logger, model, latency, ex.GetType().Name, reason);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Model}: answered in {LatencyMs:0} ms, tokens in {Input} (cached {Cached}) out {Output}")]
    private static partial void Answered(ILogger logger, string model, double latencyMs, long input, long cached, long output);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Model}: failed after {LatencyMs:0} ms: {Kind}: {Reason}")]
    private static partial void Failed(ILogger logger, string model, double latencyMs, string kind, string reason);
}
