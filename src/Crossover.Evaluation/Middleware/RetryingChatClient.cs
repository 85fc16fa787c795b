using Crossover.Evaluation.Experiments;
using Microsoft.Extensions.AI;
using Polly;

namespace Crossover.Evaluation.Middleware;

/// <summary>Retries transient failures of chat calls with the <see cref="CallResilience"/> pipeline.</summary>
internal sealed class RetryingChatClient(IChatClient inner, CallPolicy policy, TimeProvider time) : CallLayer(inner)
{
    private readonly ResiliencePipeline _pipeline = CallResilience.Retries(policy, time);

    protected override async Task<ChatResponse> HandleAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, InnerCall inner, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static async (state, token) => await state.Inner(state.Messages, state.Options, token),
            (Inner: inner, Messages: messages, Options: options),
            cancellationToken);
}
