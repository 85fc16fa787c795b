using Crossover.Evaluation.Middleware;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// What every HTTP provider shares: a streamed call is its one request handed on as updates, and the provider, endpoint
/// and model are offered as <see cref="ChatClientMetadata"/> through <see cref="GetService"/>.
/// </summary>
/// <param name="metadata">The provider's name, endpoint and default model.</param>
internal abstract class HttpChatClient(ChatClientMetadata metadata) : IChatClient
{
    public abstract Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        ChatStreams.FromResponseAsync(token => GetResponseAsync(messages, options, token), cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? metadata
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
