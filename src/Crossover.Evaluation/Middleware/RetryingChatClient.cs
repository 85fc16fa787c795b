using Crossover.Evaluation.Experiments;
using Microsoft.Extensions.AI;
using Polly;

namespace Crossover.Evaluation.Middleware;

/// <summary>Retries transient failures of chat calls with the <see cref="CallResilience"/> pipeline.</summary>
internal sealed class RetryingChatClient(IChatClient inner, CallPolicy policy, TimeProvider time) : DelegatingChatClient(inner)
{
    private readonly ResiliencePipeline _pipeline = CallResilience.Retries(policy, time);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return await _pipeline.ExecuteAsync(
            static async (state, token) => await state.Self.InnerGetAsync(state.List, state.Options, token),
            (Self: this, List: list, Options: options),
            cancellationToken);
    }

    private Task<ChatResponse> InnerGetAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) =>
        base.GetResponseAsync(messages, options, cancellationToken);
}
