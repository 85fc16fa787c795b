using Microsoft.Extensions.AI;

namespace Crossover.Routing.Tests;

/// <summary>A stage driven by a callback: given the user's text and the options it was called with, the answer and its log-probabilities.</summary>
internal sealed class ScriptedChatClient(Func<string, ChatOptions?, (string Text, double[]? LogProbs)> script, int inputTokens = 10, int outputTokens = 1) : IChatClient
{
    public List<ChatOptions?> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        lock (Calls)
        {
            Calls.Add(options);
        }

        var (text, logprobs) = script(messages.Last().Text, options);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens },
        };
        if (logprobs is not null && LogProbabilities.Requested(options))
        {
            response.AdditionalProperties = new() { [LogProbabilities.Key] = logprobs };
        }

        return Task.FromResult(response);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
