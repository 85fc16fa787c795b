using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>Times each answered call, stamps its latency on the response, and adds its usage and cost to a <see cref="UsageMeter"/>.</summary>
internal sealed class MeteringChatClient(IChatClient inner, UsageMeter meter, Func<UsageDetails?, double> cost, TimeProvider time) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = time.GetTimestamp();
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        var elapsed = time.GetElapsedTime(start);
        (response.AdditionalProperties ??= [])[CallMetadata.LatencyMs] = elapsed.TotalMilliseconds;
        var usage = response.Usage;
        Running.UsageCheck.Validate(usage);
        meter.Add(usage?.InputTokenCount ?? 0, usage?.CachedInputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, cost(usage));
        return response;
    }
}
