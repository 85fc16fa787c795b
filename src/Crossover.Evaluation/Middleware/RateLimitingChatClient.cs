using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>Waits for room in the endpoint's <see cref="RateLimit"/> before each attempt.</summary>
internal sealed class RateLimitingChatClient(IChatClient inner, RateLimit limit) : CallLayer(inner)
{
    protected override async Task<ChatResponse> HandleAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, InnerCall inner, CancellationToken cancellationToken)
    {
        var tokens = options?.AdditionalProperties?.TryGetValue(CallMetadata.EstimatedTokens, out int estimate) == true
            ? estimate
            : messages.Sum(m => m.Text.Length) / 4;
        await limit.WaitAsync(tokens + (options?.MaxOutputTokens ?? 0), cancellationToken);
        return await inner(messages, options, cancellationToken);
    }
}
