using Crossover.Routing;
using Microsoft.Extensions.AI;
using ChatCompletion = OpenAI.Chat.ChatCompletion;
using ChatCompletionOptions = OpenAI.Chat.ChatCompletionOptions;

/// <summary>
/// Bridges the OpenAI SDK's log-probabilities to the cascade's confidence gate: when the options ask for
/// <see cref="LogProbabilities.Key"/>, the request sets <c>logprobs: true</c> and the answer's per-token values are put
/// in the response under the same key.
/// </summary>
internal sealed class OpenAiLogProbabilities(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!LogProbabilities.Requested(options))
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }

        var forwarded = options!.Clone();
        forwarded.RawRepresentationFactory = _ => new ChatCompletionOptions { IncludeLogProbabilities = true };
        var response = await base.GetResponseAsync(messages, forwarded, cancellationToken);
        if (response.RawRepresentation is ChatCompletion { ContentTokenLogProbabilities.Count: > 0 } completion)
        {
            (response.AdditionalProperties ??= [])[LogProbabilities.Key] = completion.ContentTokenLogProbabilities.Select(t => (double)t.LogProbability).ToArray();
        }

        return response;
    }
}
