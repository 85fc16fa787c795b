using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>Gives each attempt a deadline; a call past it fails with <see cref="TimeoutException"/> (which the retry layer retries).</summary>
internal sealed class TimeoutChatClient(IChatClient inner, TimeSpan timeout, TimeProvider time) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        CallResilience.WithDeadlineAsync(token => base.GetResponseAsync(messages, options, token), timeout, time, cancellationToken);
}
