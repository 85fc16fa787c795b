using System.Net.Http.Headers;
using System.Text.Json;
using Crossover.Evaluation.Middleware;
using Crossover.Routing;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// <see cref="IChatClient"/> over the OpenAI chat-completions wire format (POST {baseUrl}/chat/completions), used for
/// <c>openai</c> (any compatible server) and <c>azure-openai</c> (its v1 API). Written over HttpClient rather than the
/// OpenAI SDK because the SDK's request pipeline alone held the harness to about 0.65× a bare HttpClient loop on the
/// benchmark (docs/benchmarks.md); this client writes the body with <see cref="Utf8JsonWriter"/> and reads the answer
/// with one <see cref="JsonDocument"/>. Wire format: https://platform.openai.com/docs/api-reference/chat/create.
/// A JSON schema is sent with <c>strict: true</c> only when it is in the strict subset (<see cref="StrictJsonSchema"/>);
/// a refusal (<c>message.refusal</c>) is handed on under <see cref="CallMetadata.Refusal"/>.
/// </summary>
internal sealed class OpenAiCompatibleChatClient : HttpChatClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly KeyHeader _auth;
    private readonly string _provider;
    private readonly TimeProvider _time;

    /// <param name="http">The shared HttpClient.</param>
    /// <param name="baseUrl">The API root (…/v1).</param>
    /// <param name="model">The model (or Azure deployment) id.</param>
    /// <param name="auth">The key header: Authorization: Bearer … for OpenAI, api-key for Azure.</param>
    /// <param name="provider">The provider's name for error messages.</param>
    /// <param name="time">The clock, for HTTP-date Retry-After values.</param>
    public OpenAiCompatibleChatClient(HttpClient http, string baseUrl, string model, KeyHeader auth, string provider, TimeProvider time)
        : base(new ChatClientMetadata(provider, new Uri(baseUrl), model))
    {
        _http = http;
        _endpoint = new Uri(baseUrl.TrimEnd('/') + "/chat/completions");
        _model = model;
        _auth = auth;
        _provider = provider;
        _time = time;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        var content = new ByteArrayContent(Body(messages, options));
        content.Headers.ContentType = Json;
        request.Content = content;
        request.Headers.TryAddWithoutValidation(_auth.Name, _auth.Value);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProviderException.FromResponseAsync(response, _provider, _time, cancellationToken, _auth.Key);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
        return Parse(document.RootElement);
    }


    private byte[] Body(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        using var buffer = new MemoryStream(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", options?.ModelId ?? _model);
            writer.WriteStartArray("messages");
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role.Value);
                writer.WriteString("content", message.Text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (options?.Temperature is { } temperature)
            {
                writer.WriteNumber("temperature", temperature);
            }

            if (options?.TopP is { } topP)
            {
                writer.WriteNumber("top_p", topP);
            }

            if (options?.MaxOutputTokens is { } max)
            {
                writer.WriteNumber("max_completion_tokens", max);
            }

            if (options?.Seed is { } seed)
            {
                writer.WriteNumber("seed", seed);
            }

            if (LogProbabilities.Requested(options))
            {
                writer.WriteBoolean("logprobs", true);
            }

            if (options?.ResponseFormat is ChatResponseFormatJson json)
            {
                writer.WriteStartObject("response_format");
                if (json.Schema is { } schema)
                {
                    writer.WriteString("type", "json_schema");
                    writer.WriteStartObject("json_schema");
                    writer.WriteString("name", json.SchemaName ?? "answer");
                    writer.WriteBoolean("strict", StrictJsonSchema.Problem(schema) is null);
                    writer.WritePropertyName("schema");
                    schema.WriteTo(writer);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteString("type", "json_object");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private ChatResponse Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0
            || !choices[0].TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"{_provider} answered without choices[0].message");
        }

        var text = message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
        var refusal = message.TryGetProperty("refusal", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 0 } reason ? reason : null;
        var finish = choices[0].TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
            FinishReason = finish switch
            {
                "length" => ChatFinishReason.Length,
                "content_filter" => ChatFinishReason.ContentFilter,
                "tool_calls" => ChatFinishReason.ToolCalls,
                null => refusal is null ? null : ChatFinishReason.ContentFilter,
                _ => ChatFinishReason.Stop,
            },
        };
        if (refusal is not null)
        {
            (response.AdditionalProperties ??= [])[CallMetadata.Refusal] = refusal;
        }

        if (TokenLogProbs(choices[0]) is { } logProbs)
        {
            (response.AdditionalProperties ??= [])[LogProbabilities.Key] = logProbs;
        }

        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            var details = usage.TryGetProperty("prompt_tokens_details", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;
            var cacheWrite = details is { } w ? Long(w, "cache_write_tokens") : null;
            response.Usage = new UsageDetails
            {
                InputTokenCount = Long(usage, "prompt_tokens"),
                OutputTokenCount = Long(usage, "completion_tokens"),
                CachedInputTokenCount = details is { } cached ? Long(cached, "cached_tokens") : null,
                AdditionalCounts = cacheWrite is > 0 ? new() { [CallMetadata.CacheWriteTokens] = cacheWrite.Value } : null,
            };
        }

        return response;
    }

    /// <summary>choices[0].logprobs.content[*].logprob, present when the request asked for logprobs and the model supplies them.</summary>
    private static double[]? TokenLogProbs(JsonElement choice)
    {
        if (!choice.TryGetProperty("logprobs", out var logprobs) || logprobs.ValueKind != JsonValueKind.Object
            || !logprobs.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0)
        {
            return null;
        }

        var values = new double[content.GetArrayLength()];
        var i = 0;
        foreach (var token in content.EnumerateArray())
        {
            if (token.ValueKind != JsonValueKind.Object || !token.TryGetProperty("logprob", out var value) || value.ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            values[i++] = value.GetDouble();
        }

        return values;
    }

    /// <summary>A count; compatible servers may write it as <c>12.0</c>, read as the whole number it is. A fraction is a malformed body.</summary>
    private long? Long(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetInt64(out var whole))
        {
            return whole;
        }

        var number = value.GetDouble();
        return number == Math.Floor(number) && Math.Abs(number) < 9e15 ? (long)number : throw new JsonException($"{_provider} answered usage.{name} = {value.GetRawText()}, not a whole number");
    }
}
