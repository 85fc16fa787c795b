using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Input;
using Crossover.Evaluation.Middleware;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// The <c>recorded</c> provider: answers each item from a JSON Lines file of outputs collected earlier (production
/// logs, another tool's results, an OpenAI Batch API output file), keyed by the item's id, so a team scores and decides
/// on what it already has without paying for the calls again. The model id is the file. Accepted lines:
/// <c>{"id": "t1", "output": "billing"}</c> (optionally with <c>usage</c>), and Batch API output lines
/// <c>{"custom_id": "t1", "response": {"status_code": 200, "body": …}, "error": null}</c> whose body is a chat completion
/// or a Responses API response (https://platform.openai.com/docs/guides/batch). A recorded error, or an item the file
/// does not have, is that item's error.
/// </summary>
public sealed class RecordedChatClient : IChatClient
{
    private readonly string _file;
    private readonly IReadOnlyDictionary<string, RecordedAnswer> _answers;

    private RecordedChatClient(string file, IReadOnlyDictionary<string, RecordedAnswer> answers)
    {
        _file = file;
        _answers = answers;
    }

    /// <summary>How many items the file answers (errors included).</summary>
    public int Count => _answers.Count;

    /// <summary>Reads the whole file once.</summary>
    /// <param name="path">The JSON Lines file.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InputException">The file is missing, a line is not JSON, has no id, or repeats one.</exception>
    public static RecordedChatClient Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new InputException("no recorded outputs here", full, field: "model.id", hint: "for provider: recorded, model.id is a JSON Lines file of outputs keyed by item id (relative to the experiment file)");
        }

        var answers = new Dictionary<string, RecordedAnswer>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(full))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonObject record;
            try
            {
                record = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not a JSON object");
            }
            catch (JsonException ex)
            {
                throw new InputException($"not a JSON object: {ex.Message}", full, number, hint: "one JSON object per line");
            }

            var id = Text(record["custom_id"]) ?? Text(record["id"])
                ?? throw new InputException("the line has no id", full, number, "id", "give each line the item's id as \"id\" (or \"custom_id\", as in Batch API files)");
            if (!answers.TryAdd(id, Read(record)))
            {
                throw new InputException($"item '{id}' is recorded twice", full, number, "id", "keep one output per item");
            }
        }

        return new RecordedChatClient(full, answers);
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (options?.AdditionalProperties?.TryGetValue(CallMetadata.ItemId, out string? item) != true || item is null)
        {
            throw new RecordedOutputException("the recorded provider answers evaluation items by id; it cannot serve calls without one (e.g. as a judge)");
        }

        if (!_answers.TryGetValue(item, out var answer))
        {
            throw new RecordedOutputException($"no recorded output for item '{item}' in {_file}");
        }

        if (answer.Error is { } error)
        {
            throw new RecordedOutputException($"recorded error for item '{item}': {error}");
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer.Output)) { ModelId = answer.Model, Usage = answer.Usage });
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Crossover's evaluation makes one non-streaming call per item.");

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static RecordedAnswer Read(JsonObject record)
    {
        if (record["error"] is { } error)
        {
            return new RecordedAnswer(null, null, null, Text(error) ?? Text((error as JsonObject)?["message"]) ?? error.ToJsonString());
        }

        if (record["response"] is JsonObject response)
        {
            var status = (int?)response["status_code"] ?? 200;
            var body = response["body"] as JsonObject;
            if (status != 200 || body is null)
            {
                return new RecordedAnswer(null, null, null, $"HTTP {status.ToString(CultureInfo.InvariantCulture)}: {Text(body?["error"]?["message"]) ?? body?.ToJsonString() ?? "no body"}");
            }

            return new RecordedAnswer(BodyText(body), Text(body["model"]), Usage(body["usage"]), null);
        }

        return record["output"] is { } output
            ? new RecordedAnswer(Text(output) ?? output.ToJsonString(), Text(record["model"]), Usage(record["usage"]), null)
            : new RecordedAnswer(null, null, null, "the line has neither \"output\" nor a Batch API \"response\"");
    }

    /// <summary>The text of a chat completion (<c>choices[0].message.content</c>) or a Responses API response (its <c>output_text</c> parts).</summary>
    private static string BodyText(JsonObject body)
    {
        if (body["choices"] is JsonArray { Count: > 0 } choices)
        {
            return Text(choices[0]?["message"]?["content"]) ?? string.Empty;
        }

        var parts = (body["output"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(item => Text(item["type"]) == "message")
            .SelectMany(item => (item["content"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(part => Text(part["type"]) == "output_text")
            .Select(part => Text(part["text"]));
        return string.Concat(parts);
    }

    /// <summary>Chat Completions usage (prompt/completion tokens) or Responses usage (input/output tokens), with cached input tokens.</summary>
    private static UsageDetails? Usage(JsonNode? usage) => usage is not JsonObject u
        ? null
        : new UsageDetails
        {
            InputTokenCount = (long?)(u["prompt_tokens"] ?? u["input_tokens"]),
            OutputTokenCount = (long?)(u["completion_tokens"] ?? u["output_tokens"]),
            CachedInputTokenCount = (long?)((u["prompt_tokens_details"] ?? u["input_tokens_details"])?["cached_tokens"]),
        };

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };

    private sealed record RecordedAnswer(string? Output, string? Model, UsageDetails? Usage, string? Error);
}

/// <summary>An item the recorded file has no answer for, or recorded as an error: that item's error, never retried.</summary>
public sealed class RecordedOutputException(string message) : Exception(message);
