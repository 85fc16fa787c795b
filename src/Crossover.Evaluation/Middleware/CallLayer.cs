using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// A Crossover call layer: its behaviour is written once, in <see cref="HandleAsync"/>, around whichever inner call is
/// made, so a plain and a streamed call get the same cache, retries, deadline, metering and logging.
/// </summary>
internal abstract class CallLayer(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <summary>The inner call: a plain call, or a streamed call collected into one response.</summary>
    protected delegate Task<ChatResponse> InnerCall(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken);

    public sealed override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        HandleAsync(AsList(messages), options, (m, o, t) => base.GetResponseAsync(m, o, t), cancellationToken);

    public sealed override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = AsList(messages);
        return ChatStreams.FromResponseAsync(
            token => HandleAsync(list, options, (m, o, t) => ChatStreams.CollectAsync(base.GetStreamingResponseAsync(m, o, t), t), token),
            cancellationToken);
    }

    /// <summary>The layer's behaviour around <paramref name="inner"/>.</summary>
    protected abstract Task<ChatResponse> HandleAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, InnerCall inner, CancellationToken cancellationToken);

    private static IReadOnlyList<ChatMessage> AsList(IEnumerable<ChatMessage> messages) => messages as IReadOnlyList<ChatMessage> ?? [.. messages];
}
