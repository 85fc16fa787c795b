using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Tests.Providers;

/// <summary>
/// A whole provider in one file, the worked example of docs/architecture.md: answers the first of its keywords (the
/// model id, comma-separated) that the user's message mentions, and reports usage as a provider would. It becomes
/// <c>model.provider: keyword</c> with one line, <c>registry.Register(new ProviderRegistration("keyword", model =&gt; new KeywordChatClient(model.Id)))</c>.
/// </summary>
/// <param name="keywords">The model id: the keywords it knows, comma-separated.</param>
internal sealed class KeywordChatClient(string keywords) : IChatClient
{
    private readonly string[] _keywords = keywords.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    private int _calls;

    /// <summary>How many requests reached this provider (cache hits never do).</summary>
    public int Calls => _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var words = messages.SelectMany(m => m.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var question = messages.Last(m => m.Role == ChatRole.User).Text;
        var answer = _keywords.FirstOrDefault(k => question.Contains(k, StringComparison.OrdinalIgnoreCase)) ?? "none";
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ModelId = keywords,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = words.Count, OutputTokenCount = 1 },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("keyword", null, keywords)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
