using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>Gives each attempt a deadline; a call past it fails with <see cref="TimeoutException"/> (which the retry layer retries).</summary>
internal sealed class TimeoutChatClient(IChatClient inner, TimeSpan timeout, TimeProvider time) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await base.GetResponseAsync(messages, options, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no response within {timeout.TotalSeconds:0.###} s");
        }
    }
}
