using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// <see cref="IChatClient"/> over Ollama's native chat API (POST /api/chat with stream: false). Written over HTTP
/// rather than OllamaSharp because its adapter (5.5.2) turns an HTTP error into a bare HttpRequestException without
/// Retry-After or the server's message, and needs a newer Microsoft.Extensions.AI (docs/reliability.md, section 6);
/// the wire format is https://github.com/ollama/ollama/blob/main/docs/api.md.
/// </summary>
internal sealed class OllamaChatClient : HttpChatClient
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly TimeProvider _time;

    public OllamaChatClient(HttpClient http, Uri baseUrl, string model, TimeProvider time)
        : base(new ChatClientMetadata("ollama", baseUrl, model))
    {
        _http = http;
        _endpoint = new Uri(baseUrl.ToString().TrimEnd('/') + "/api/chat");
        _model = model;
        _time = time;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turns = new JsonArray();
        foreach (var message in messages)
        {
            turns.Add(new JsonObject { ["role"] = message.Role.Value, ["content"] = message.Text });
        }

        var modelOptions = new JsonObject();
        if (options?.Temperature is { } temperature)
        {
            modelOptions["temperature"] = temperature;
        }

        if (options?.MaxOutputTokens is { } max)
        {
            modelOptions["num_predict"] = max;
        }

        var body = new JsonObject { ["model"] = options?.ModelId ?? _model, ["messages"] = turns, ["stream"] = false, ["options"] = modelOptions };
        if (options?.ResponseFormat is ChatResponseFormatJson { Schema: { } schema })
        {
            body["format"] = JsonNode.Parse(schema.GetRawText());
        }
        else if (options?.ResponseFormat is ChatResponseFormatJson)
        {
            body["format"] = "json";
        }

        var json = await HttpJson.PostAsync(_http, _endpoint, body, new Dictionary<string, string>(), "ollama", _time, cancellationToken);
        var text = (string?)json["message"]?["content"] ?? throw new JsonException("ollama answered without message.content");
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = (string?)json["model"],
            FinishReason = (string?)json["done_reason"] == "length" ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = (long?)json["prompt_eval_count"], OutputTokenCount = (long?)json["eval_count"] },
        };
    }

}
