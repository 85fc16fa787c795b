using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crossover.Routing;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// Answers identical requests from a cache keyed by (provider, model, parameters, messages, repeat). Only
/// successful responses are stored: a call that throws, or that the model refused, stores nothing. We keep our own small envelope rather than
/// MEAI's DistributedCachingChatClient so the original latency and usage survive and the store is our SQLite file.
/// </summary>
internal sealed class CachingChatClient(IChatClient inner, IResponseCache cache, string partition) : CallLayer(inner)
{
    protected override async Task<ChatResponse> HandleAsync(IReadOnlyList<ChatMessage> list, ChatOptions? options, InnerCall inner, CancellationToken cancellationToken)
    {
        var key = Key(list, options);
        if (await cache.GetAsync(key, cancellationToken) is { } hit)
        {
            var entry = JsonSerializer.Deserialize<Entry>(hit)!;
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, entry.Text))
            {
                ModelId = entry.Model,
                Usage = new UsageDetails { InputTokenCount = entry.Input, CachedInputTokenCount = entry.Cached, OutputTokenCount = entry.Output },
                AdditionalProperties = entry.LogProbs is null
                    ? new() { [CallMetadata.LatencyMs] = entry.LatencyMs, [CallMetadata.Cached] = true }
                    : new() { [CallMetadata.LatencyMs] = entry.LatencyMs, [CallMetadata.Cached] = true, [LogProbabilities.Key] = entry.LogProbs },
            };
        }

        ChatOptions? forwarded = options;
        if (options?.AdditionalProperties?.ContainsKey(CallMetadata.Repeat) == true)
        {
            forwarded = options.Clone();
            forwarded.AdditionalProperties!.Remove(CallMetadata.Repeat);
        }

        var response = await inner(list, forwarded, cancellationToken);
        if (response.AdditionalProperties?.ContainsKey(CallMetadata.Refusal) == true)
        {
            // A refusal is recorded as an error, and errors are never cached.
            return response;
        }

        var latency = response.AdditionalProperties?.TryGetValue(CallMetadata.LatencyMs, out double ms) == true ? ms : 0;
        var stored = new Entry(response.Text, response.ModelId, response.Usage?.InputTokenCount, response.Usage?.CachedInputTokenCount, response.Usage?.OutputTokenCount, latency)
        {
            LogProbs = LogProbabilities.Of(response) is { } logProbs ? [.. logProbs] : null,
        };
        await cache.SetAsync(key, JsonSerializer.Serialize(stored), cancellationToken);
        return response;
    }

    private string Key(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var builder = new StringBuilder(partition).Append('\n');
        builder.Append(options?.ModelId).Append('|').Append(options?.Temperature?.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
            .Append('|').Append(options?.TopP?.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
            .Append('|').Append(options?.MaxOutputTokens).Append('|').Append(options?.Seed)
            .Append('|').Append(options?.ResponseFormat is ChatResponseFormatJson json ? "json:" + json.Schema?.GetRawText() : "text")
            .Append('|').Append(options?.AdditionalProperties?.TryGetValue(CallMetadata.Repeat, out int repeat) == true ? repeat : 0);

        // Only a request for log-probabilities changes the key, so entries stored before they existed still answer the rest.
        builder.Append(LogProbabilities.Requested(options) ? "|logprobs\n" : "\n");
        foreach (var message in messages)
        {
            // ChatMessage.Text joins the message's text parts on every read: read it once.
            var text = message.Text;
            builder.Append(message.Role.Value).Append(':').Append(text.Length).Append(':').Append(text).Append('\n');
        }

        return Hash(builder);
    }

    /// <summary>SHA-256 of the key text's UTF-8 bytes as lower-case hex, encoded chunk by chunk into one pooled buffer (the same bytes as encoding the whole string).</summary>
    internal static string Hash(StringBuilder builder)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(builder.Length));
        try
        {
            var encoder = Encoding.UTF8.GetEncoder();
            var length = 0;
            foreach (var chunk in builder.GetChunks())
            {
                length += encoder.GetBytes(chunk.Span, buffer.AsSpan(length), flush: false);
            }

            length += encoder.GetBytes([], buffer.AsSpan(length), flush: true);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed record Entry(string Text, string? Model, long? Input, long? Cached, long? Output, double LatencyMs)
    {
        public double[]? LogProbs { get; init; }
    }
}
