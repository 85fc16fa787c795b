using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Evaluation.Middleware;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// <see cref="IChatClient"/> over Anthropic's Messages API (POST /v1/messages, x-api-key, anthropic-version).
/// Written over HTTP because the official SDK's adapter (Anthropic 13.14.0) drops the Retry-After our retry layer
/// honours and leaves the system prompt uncached (docs/reliability.md, section 6);
/// the wire format is https://docs.anthropic.com/en/api/messages. The system prompt (instructions, the prefix every
/// item of a candidate shares) is sent as a block marked <c>cache_control: ephemeral</c>, so Anthropic caches it as
/// OpenAI does automatically; a JSON schema goes out as structured output (<c>output_config.format</c>).
/// </summary>
internal sealed class AnthropicChatClient : HttpChatClient
{
    private const int DefaultMaxTokens = 1024;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly string _apiKey;
    private readonly TimeProvider _time;

    public AnthropicChatClient(HttpClient http, Uri baseUrl, string model, string apiKey, TimeProvider time)
        : base(new ChatClientMetadata("anthropic", baseUrl, model))
    {
        _http = http;
        _endpoint = new Uri(baseUrl.ToString().TrimEnd('/') + "/v1/messages");
        _model = model;
        _apiKey = apiKey;
        _time = time;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var system = string.Join("\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        var turns = new JsonArray();
        foreach (var message in messages.Where(m => m.Role != ChatRole.System))
        {
            turns.Add(new JsonObject { ["role"] = message.Role == ChatRole.Assistant ? "assistant" : "user", ["content"] = message.Text });
        }

        var body = new JsonObject
        {
            ["model"] = options?.ModelId ?? _model,
            ["max_tokens"] = options?.MaxOutputTokens ?? DefaultMaxTokens,
            ["messages"] = turns,
        };
        if (system.Length > 0)
        {
            // Prefixes shorter than the model's minimum (1,024–4,096 tokens) are simply not cached; the marker costs nothing then.
            body["system"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = system, ["cache_control"] = new JsonObject { ["type"] = "ephemeral" } });
        }

        if (options?.Temperature is { } temperature)
        {
            body["temperature"] = temperature;
        }

        if (options?.ResponseFormat is ChatResponseFormatJson { Schema: { } schema })
        {
            body["output_config"] = new JsonObject { ["format"] = new JsonObject { ["type"] = "json_schema", ["schema"] = JsonNode.Parse(schema.GetRawText()) } };
        }

        var headers = new Dictionary<string, string> { ["x-api-key"] = _apiKey, ["anthropic-version"] = "2023-06-01" };
        var json = await HttpJson.PostAsync(_http, _endpoint, body, headers, "anthropic", _time, cancellationToken, _apiKey);
        var content = json["content"] as JsonArray ?? throw new JsonException("anthropic answered without 'content'");
        var text = string.Concat(content.Where(c => (string?)c?["type"] == "text").Select(c => (string?)c!["text"]));
        var usage = json["usage"];
        var cacheRead = (long?)usage?["cache_read_input_tokens"] ?? 0;
        var cacheWrite = (long?)usage?["cache_creation_input_tokens"] ?? 0;
        var stop = (string?)json["stop_reason"];
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = (string?)json["model"],
            FinishReason = stop switch
            {
                "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
                "refusal" => ChatFinishReason.ContentFilter,
                "tool_use" => ChatFinishReason.ToolCalls,
                _ => ChatFinishReason.Stop,
            },
            Usage = new UsageDetails
            {
                // Anthropic reports uncached input separately from cache reads and writes; our InputTokenCount counts all prompt tokens.
                InputTokenCount = ((long?)usage?["input_tokens"] ?? 0) + cacheRead + cacheWrite,
                CachedInputTokenCount = cacheRead,
                OutputTokenCount = (long?)usage?["output_tokens"],
                AdditionalCounts = cacheWrite > 0 ? new() { [CallMetadata.CacheWriteTokens] = cacheWrite } : null,
            },
        };
        if (stop == "refusal")
        {
            (response.AdditionalProperties ??= [])[CallMetadata.Refusal] = "stop_reason refusal" + (text.Length > 0 ? ": " + text : string.Empty);
        }

        return response;
    }

}
