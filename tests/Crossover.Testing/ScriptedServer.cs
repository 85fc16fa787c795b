using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Crossover.Testing;

/// <summary>What the scripted server should do with one request.</summary>
public abstract record Reply
{
    public static Reply Text(string content, int promptTokens = 10, int completionTokens = 2, int cachedTokens = 0, double[]? logProbs = null) =>
        new TextReply(content, promptTokens, completionTokens, cachedTokens) { LogProbs = logProbs };

    public static Reply Status(int code, string? retryAfter = null) => new StatusReply(code, retryAfter);
}

public sealed record TextReply(string Content, int PromptTokens, int CompletionTokens, int CachedTokens) : Reply
{
    /// <summary>Per-token log-probabilities, sent only when the request asks for logprobs (as OpenAI does).</summary>
    public double[]? LogProbs { get; init; }
}

public sealed record StatusReply(int Code, string? RetryAfter) : Reply;

public sealed record SlowReply(TimeSpan Delay, Reply Then) : Reply;

public sealed record MalformedReply : Reply;

public sealed record DropReply : Reply;

/// <summary>A hostile server's error: it echoes every request header (the Authorization header included) in its body.</summary>
public sealed record EchoHeadersReply(int Code) : Reply;

/// <summary>One request as the server saw it; Attempt counts earlier requests with the same model and user message (1-based).</summary>
public sealed record SeenRequest(string Path, IReadOnlyDictionary<string, string> Headers, JsonNode Body, string Model, string UserMessage, int Attempt, TimeSpan At);

/// <summary>
/// A local HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions wire format (and Azure's, Anthropic's and
/// Ollama's paths) with answers and faults chosen by a script.
/// </summary>
public sealed class ScriptedServer : LocalHttpServer
{
    private readonly Func<SeenRequest, Reply> _script;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly bool _keepRequests;
    private readonly Func<string, float[]> _embed;
    private readonly Func<int, Reply?>? _embedFault;
    private int _embedRequests;

    /// <param name="script">Chooses each reply.</param>
    /// <param name="keepRequests">Whether to keep every request for assertions (benchmarks turn it off so the server's memory stays flat).</param>
    /// <param name="embed">The vector /embeddings returns for a text; by default a deterministic 16-dimension count of characters.</param>
    /// <param name="embedFault">Given the /embeddings request's number (1-based), a fault to answer instead of vectors, or null to answer.</param>
    public ScriptedServer(Func<SeenRequest, Reply> script, bool keepRequests = true, Func<string, float[]>? embed = null, Func<int, Reply?>? embedFault = null)
    {
        _script = script;
        _keepRequests = keepRequests;
        _embed = embed ?? CharacterCounts;
        _embedFault = embedFault;
        Start();
    }

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public int Count(string userMessage) => Requests.Count(r => r.UserMessage == userMessage);

    private static float[] CharacterCounts(string text)
    {
        var vector = new float[16];
        foreach (var c in text)
        {
            vector[c % 16]++;
        }

        return vector;
    }

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
            var headers = Headers(context.Request);
            var model = (string?)body["model"] ?? string.Empty;
            if (context.Request.Url!.AbsolutePath.EndsWith("/embeddings", StringComparison.Ordinal))
            {
                await EmbedAsync(context, body, headers, model);
                return;
            }

            var messages = body["messages"]!.AsArray();
            var user = messages.Last(m => (string?)m!["role"] == "user")!["content"]!;
            var userText = user is JsonValue ? (string)user! : string.Concat(user.AsArray().Select(p => (string?)p!["text"]));
            var attempt = _keepRequests ? _attempts.AddOrUpdate(model + "\n" + userText, 1, (_, n) => n + 1) : 1;
            var seen = new SeenRequest(context.Request.Url!.AbsolutePath, headers, body, model, userText, attempt, _clock.Elapsed);
            if (_keepRequests)
            {
                Requests.Enqueue(seen);
            }

            await ReplyAsync(context, seen, _script(seen));
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away (a timeout on its side); nothing to answer.
        }
    }

    /// <summary>OpenAI's embeddings wire format: input is a string or an array; vectors as floats or base64 float32 (what the SDK asks for).</summary>
    private async Task EmbedAsync(HttpListenerContext context, JsonNode body, Dictionary<string, string> headers, string model)
    {
        var input = body["input"]!;
        var texts = input is JsonArray array ? array.Select(t => (string)t!).ToList() : [(string)input!];
        var seen = new SeenRequest(context.Request.Url!.AbsolutePath, headers, body, model, string.Join("\n", texts), 1, _clock.Elapsed);
        if (_keepRequests)
        {
            Requests.Enqueue(seen);
        }

        if (_embedFault?.Invoke(Interlocked.Increment(ref _embedRequests)) is { } fault)
        {
            await ReplyAsync(context, seen, fault);
            return;
        }

        var base64 = (string?)body["encoding_format"] == "base64";
        var data = new JsonArray();
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = _embed(texts[i]);
            JsonNode embedding = base64
                ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()))
                : new JsonArray([.. vector.Select(v => (JsonNode)v)]);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var tokens = texts.Sum(t => t.Length / 4);
        await WriteAsync(context.Response, new JsonObject
        {
            ["object"] = "list", ["model"] = model, ["data"] = data,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        }.ToJsonString());
    }

    private static async Task ReplyAsync(HttpListenerContext context, SeenRequest seen, Reply reply)
    {
        var response = context.Response;
        switch (reply)
        {
            case SlowReply slow:
                await Task.Delay(slow.Delay);
                await ReplyAsync(context, seen, slow.Then);
                return;
            case DropReply:
                response.Abort();
                return;
            case StatusReply status:
                response.StatusCode = status.Code;
                if (status.RetryAfter is not null)
                {
                    response.Headers["Retry-After"] = status.RetryAfter;
                }

                await WriteAsync(response, """{"error":{"message":"scripted failure","type":"server_error"}}""");
                return;
            case EchoHeadersReply echo:
                response.StatusCode = echo.Code;
                await WriteAsync(response, new JsonObject
                {
                    ["error"] = new JsonObject { ["message"] = "rejected; you sent " + string.Join("; ", seen.Headers.Select(h => $"{h.Key}: {h.Value}")), ["type"] = "invalid_request_error" },
                }.ToJsonString());
                return;
            case MalformedReply:
                await WriteAsync(response, """{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":""");
                return;
            case TextReply text:
                await WriteAsync(response, Body(seen, text));
                return;
        }
    }

    private static string Body(SeenRequest seen, TextReply text)
    {
        if (seen.Path.EndsWith("/v1/messages", StringComparison.Ordinal))
        {
            return new JsonObject
            {
                ["id"] = "msg_1", ["type"] = "message", ["role"] = "assistant", ["model"] = seen.Model, ["stop_reason"] = "end_turn",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text.Content }),
                ["usage"] = new JsonObject { ["input_tokens"] = text.PromptTokens - text.CachedTokens, ["output_tokens"] = text.CompletionTokens, ["cache_read_input_tokens"] = text.CachedTokens },
            }.ToJsonString();
        }

        if (seen.Path.EndsWith("/api/chat", StringComparison.Ordinal))
        {
            return new JsonObject
            {
                ["model"] = seen.Model, ["done"] = true, ["done_reason"] = "stop",
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text.Content },
                ["prompt_eval_count"] = text.PromptTokens, ["eval_count"] = text.CompletionTokens,
            }.ToJsonString();
        }

        var choice = new JsonObject
        {
            ["index"] = 0, ["finish_reason"] = "stop",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text.Content },
        };
        if (text.LogProbs is { } logProbs && (bool?)seen.Body["logprobs"] == true)
        {
            choice["logprobs"] = new JsonObject
            {
                ["content"] = new JsonArray([.. logProbs.Select((p, i) => (JsonNode)new JsonObject { ["token"] = $"t{i}", ["logprob"] = p, ["bytes"] = null, ["top_logprobs"] = new JsonArray() })]),
            };
        }

        return new JsonObject
        {
            ["id"] = "chatcmpl-1", ["object"] = "chat.completion", ["created"] = 1700000000, ["model"] = seen.Model,
            ["choices"] = new JsonArray(choice),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = text.PromptTokens, ["completion_tokens"] = text.CompletionTokens, ["total_tokens"] = text.PromptTokens + text.CompletionTokens,
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = text.CachedTokens },
            },
        }.ToJsonString();
    }

    private static async Task WriteAsync(HttpListenerResponse response, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
