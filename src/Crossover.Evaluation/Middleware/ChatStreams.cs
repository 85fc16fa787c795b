using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// Streaming through the call layers: a streamed call is made as one whole call and its answer handed on as updates.
/// Crossover scores whole answers, and a retry or a cache entry needs the whole answer (a stream retried half-way
/// would repeat text), so every layer treats both kinds of call the same way.
/// </summary>
internal static class ChatStreams
{
    /// <summary>Streams the answer of <paramref name="call"/> once it is complete.</summary>
    public static async IAsyncEnumerable<ChatResponseUpdate> FromResponseAsync(Func<CancellationToken, Task<ChatResponse>> call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = await call(cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>Collects a stream into one response (usage and finish reason included).</summary>
    public static Task<ChatResponse> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates, CancellationToken cancellationToken) =>
        updates.ToChatResponseAsync(cancellationToken);
}
