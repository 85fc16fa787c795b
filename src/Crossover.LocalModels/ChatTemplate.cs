using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Input;
using Crossover.LocalModels.Jinja;

namespace Crossover.LocalModels;

/// <summary>
/// A model's chat template from <c>tokenizer_config.json</c>, rendered the way transformers'
/// <c>apply_chat_template</c> renders it: the Jinja source is interpreted (not recognised by its markers), with
/// <c>trim_blocks</c>/<c>lstrip_blocks</c>, <c>raise_exception</c>, <c>namespace</c>, <c>strftime_now</c> and
/// transformers' <c>tojson</c>. A template outside the supported Jinja subset fails when the model loads, naming the construct.
/// </summary>
public sealed class ChatTemplate
{
    /// <summary>End-of-turn markers of the common families, in the order they are looked for in a template.</summary>
    private static readonly string[] EndOfTurnMarkers = ["<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>"];

    private readonly JinjaTemplate? _template;
    private readonly IReadOnlyDictionary<string, string> _specialTokens;
    private readonly string? _file;
    private readonly TimeProvider _time;

    private ChatTemplate(JinjaTemplate? template, string? source, IReadOnlyDictionary<string, string> specialTokens, string? file, TimeProvider time)
    {
        _template = template;
        Source = source;
        _specialTokens = specialTokens;
        _file = file;
        _time = time;
        EndOfTurn = source is null ? null : Array.Find(EndOfTurnMarkers, m => source.Contains(m, StringComparison.Ordinal));
    }

    /// <summary>A template that joins messages as plain text, one per line (models without a chat_template).</summary>
    public static ChatTemplate PlainText { get; } = new(null, null, new Dictionary<string, string>(), null, TimeProvider.System);

    /// <summary>Whether this is <see cref="PlainText"/>: the prompt then gets the tokenizer's own special tokens (e.g. BOS).</summary>
    public bool IsPlainText => _template is null;

    /// <summary>The Jinja source, or null for plain text.</summary>
    public string? Source { get; }

    /// <summary>The end-of-turn marker generation should stop at, when the template uses a known one.</summary>
    public string? EndOfTurn { get; }

    /// <summary>Reads <c>tokenizer_config.json</c> from a model folder and compiles its chat template.</summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <param name="time">The clock for templates that print today's date (<c>strftime_now</c>); the system clock by default.</param>
    /// <returns>The template; <see cref="PlainText"/> when there is no chat_template.</returns>
    /// <exception cref="InputException">The file is malformed or the template uses Jinja this engine does not support.</exception>
    public static ChatTemplate Load(string modelDirectory, TimeProvider? time = null)
    {
        var file = Path.Combine(modelDirectory, "tokenizer_config.json");
        if (!File.Exists(file))
        {
            return PlainText;
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new InputException("not a JSON object", file: file);
        }
        catch (JsonException ex)
        {
            throw new InputException($"not valid JSON: {ex.Message}", file: file);
        }

        string? template;
        var specialTokens = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            template = root["chat_template"] switch
            {
                JsonValue v => Text(v) ?? throw new InputException("chat_template is not a string", file: file, field: "chat_template"),
                JsonArray list => Text(list.OfType<JsonObject>().FirstOrDefault(t => Text(t["name"]) == "default")?["template"]),
                _ => null,
            };
            foreach (var name in new[] { "bos_token", "eos_token", "unk_token", "pad_token" })
            {
                if (TokenText(root[name]) is { } text)
                {
                    specialTokens[name] = text;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // JsonNode reads lazily: a bad escape or a repeated key surfaces here.
            throw new InputException($"not valid JSON: {ex.Message.ReplaceLineEndings(" ")}", file: file);
        }

        if (template is null)
        {
            return PlainText;
        }

        return Parse(template, specialTokens, file, time);
    }

    /// <summary>Compiles a chat_template string.</summary>
    /// <param name="template">The Jinja source.</param>
    /// <param name="specialTokens">Variables such as <c>bos_token</c> and <c>eos_token</c> the template may print.</param>
    /// <param name="file">Where it came from, for errors.</param>
    /// <param name="time">The clock for <c>strftime_now</c>; the system clock by default.</param>
    /// <returns>The template.</returns>
    /// <exception cref="InputException">The template uses Jinja this engine does not support, or is malformed.</exception>
    public static ChatTemplate Parse(string template, IReadOnlyDictionary<string, string> specialTokens, string? file = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(specialTokens);
        try
        {
            return new ChatTemplate(JinjaTemplate.Parse(template), template, specialTokens, file, time ?? TimeProvider.System);
        }
        catch (TemplateError ex)
        {
            throw new InputException($"chat_template line {ex.Line}: {OneLine(ex.Message)}", file: file, field: "chat_template",
                hint: "this engine renders the Jinja subset Hugging Face chat templates use; put a simpler chat_template in tokenizer_config.json");
        }
    }

    /// <summary>Renders messages as the prompt text, with the special tokens the template itself prints (e.g. BOS).</summary>
    /// <param name="messages">(role, content) pairs; roles system, user, assistant.</param>
    /// <param name="addGenerationPrompt">End with the header of an assistant turn, ready for generation.</param>
    /// <returns>The prompt text.</returns>
    /// <exception cref="InputException">The template rejects the conversation (e.g. roles that do not alternate) or fails on it.</exception>
    public string Render(IReadOnlyList<(string Role, string Content)> messages, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (_template is null)
        {
            return string.Join('\n', messages.Select(m => m.Content));
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = messages.Select(m => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = m.Role, ["content"] = m.Content }).ToList(),
            ["add_generation_prompt"] = addGenerationPrompt,
        };
        foreach (var (name, text) in _specialTokens)
        {
            variables[name] = text;
        }

        return Render(variables);
    }

    /// <summary>Renders with any variables (tools, documents, custom flags) the template reads, as transformers would pass them.</summary>
    internal string Render(IReadOnlyDictionary<string, object?> variables)
    {
        // apply_chat_template always passes tools and documents, None when there are none: `tools is none` holds.
        var passed = new Dictionary<string, object?>(variables, StringComparer.Ordinal);
        passed.TryAdd("tools", null);
        passed.TryAdd("documents", null);
        try
        {
            return _template!.Render(passed, _time);
        }
        catch (TemplateRaised ex)
        {
            throw new InputException($"the model's chat template rejects these messages: {OneLine(ex.Message)}", file: _file, field: "messages",
                hint: "most templates want an optional system message, then user and assistant turns alternating, ending with a user turn");
        }
        catch (TemplateError ex)
        {
            throw new InputException($"chat_template line {ex.Line}: {OneLine(ex.Message)}", file: _file, field: "chat_template",
                hint: "the template expects variables or message fields these messages do not have");
        }
    }

    /// <summary>A template's text quoted in an error stays on the error's one line: line breaks are shown as \n.</summary>
    private static string OneLine(string message) => message.ReplaceLineEndings("\\n");

    private static string? TokenText(JsonNode? node) => node switch
    {
        JsonValue v => Text(v),
        JsonObject o => Text(o["content"]),
        _ => null,
    };

    /// <summary>A JSON string's text; null for anything else (tokens written as numbers or booleans are ignored, as transformers ignores them).</summary>
    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
