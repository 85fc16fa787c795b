using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>Gives each attempt a deadline; a call past it fails with <see cref="TimeoutException"/> (which the retry layer retries).</summary>
internal sealed class TimeoutChatClient(IChatClient inner, TimeSpan timeout, TimeProvider time) : CallLayer(inner)
{
    protected override Task<ChatResponse> HandleAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, InnerCall inner, CancellationToken cancellationToken) =>
        CallResilience.WithDeadlineAsync(token => inner(messages, options, token), timeout, time, cancellationToken);
}
