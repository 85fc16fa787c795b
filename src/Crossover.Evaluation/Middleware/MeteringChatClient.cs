using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// Times each answered call, stamps its latency on the response, and adds its usage and cost to a <see cref="UsageMeter"/>.
/// Usage no provider could report (negative counts, more cached than sent, counts beyond any context window) fails the
/// call with the reason instead of entering the totals.
/// </summary>
internal sealed class MeteringChatClient(IChatClient inner, UsageMeter meter, Func<UsageDetails?, double> cost, TimeProvider time) : CallLayer(inner)
{
    protected override async Task<ChatResponse> HandleAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, InnerCall inner, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var response = await inner(messages, options, cancellationToken);
        var elapsed = time.GetElapsedTime(start);
        var usage = response.Usage;
        if (UsageMeter.Problem(usage) is { } problem)
        {
            throw new InvalidDataException($"the provider reported impossible usage: {problem}");
        }

        (response.AdditionalProperties ??= [])[CallMetadata.LatencyMs] = elapsed.TotalMilliseconds;
        meter.Add(usage?.InputTokenCount ?? 0, usage?.CachedInputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, cost(usage));
        return response;
    }
}
