using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crossover.Core.Input;

namespace Crossover.LocalModels;

/// <summary>The family of a chat template.</summary>
public enum ChatTemplateFamily
{
    /// <summary>No template: messages are joined as plain text, one per line.</summary>
    PlainText,

    /// <summary>ChatML (<c>&lt;|im_start|&gt;role … &lt;|im_end|&gt;</c>: Qwen, many fine-tunes).</summary>
    ChatMl,

    /// <summary>Llama 3 (<c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;</c> … <c>&lt;|eot_id|&gt;</c>).</summary>
    Llama3,

    /// <summary>Mistral / Llama 2 (<c>[INST] … [/INST]</c>).</summary>
    Instruct,
}

/// <summary>
/// Renders chat messages the way a model's <c>tokenizer_config.json</c> <c>chat_template</c> does, for the families
/// it recognises. Jinja templates are not interpreted: the family is recognised from its markers and rendered by
/// code, and an unrecognised template is an error rather than a guess.
/// </summary>
public sealed partial class ChatTemplate
{
    private ChatTemplate(ChatTemplateFamily family, string bos, string eos, string? defaultSystem, bool llama2System)
    {
        Family = family;
        Bos = bos;
        Eos = eos;
        DefaultSystem = defaultSystem;
        Llama2System = llama2System;
    }

    /// <summary>The recognised family.</summary>
    public ChatTemplateFamily Family { get; }

    /// <summary>The BOS text the template starts with (empty when it adds none).</summary>
    public string Bos { get; }

    /// <summary>The EOS text that ends an assistant turn in the [INST] family.</summary>
    public string Eos { get; }

    /// <summary>The system prompt a ChatML template adds when the conversation has none (Qwen), or null.</summary>
    public string? DefaultSystem { get; }

    /// <summary>Whether [INST] templates wrap the system prompt in <c>&lt;&lt;SYS&gt;&gt;</c> (Llama 2) rather than prefixing it (Mistral).</summary>
    public bool Llama2System { get; }

    /// <summary>The end-of-turn marker generation should stop at, when the family has one.</summary>
    public string? EndOfTurn => Family switch
    {
        ChatTemplateFamily.ChatMl => "<|im_end|>",
        ChatTemplateFamily.Llama3 => "<|eot_id|>",
        _ => null,
    };

    /// <summary>A template that joins messages as plain text.</summary>
    public static ChatTemplate PlainText { get; } = new(ChatTemplateFamily.PlainText, string.Empty, string.Empty, null, false);

    /// <summary>Reads <c>tokenizer_config.json</c> from a model folder and recognises its chat template.</summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <returns>The template; <see cref="PlainText"/> when there is no chat_template.</returns>
    /// <exception cref="InputException">The template is of a family this class does not render.</exception>
    public static ChatTemplate Load(string modelDirectory)
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

        var template = root["chat_template"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray list => list.OfType<JsonObject>().FirstOrDefault(t => t["name"]?.GetValue<string>() == "default")?["template"]?.GetValue<string>(),
            _ => null,
        };
        return template is null ? PlainText : Recognise(template, TokenText(root["bos_token"]), TokenText(root["eos_token"]), file);
    }

    /// <summary>Recognises a chat_template string.</summary>
    /// <param name="template">The Jinja source.</param>
    /// <param name="bos">The BOS token text.</param>
    /// <param name="eos">The EOS token text.</param>
    /// <param name="file">Where it came from, for errors.</param>
    /// <returns>The template.</returns>
    /// <exception cref="InputException">The template is not ChatML, Llama 3 or [INST].</exception>
    public static ChatTemplate Recognise(string template, string? bos, string? eos, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.Contains("<|im_start|>", StringComparison.Ordinal))
        {
            var system = DefaultSystemPattern().Match(template);
            return new ChatTemplate(ChatTemplateFamily.ChatMl, string.Empty, eos ?? string.Empty, system.Success ? Regex.Unescape(system.Groups[1].Value) : null, false);
        }

        if (template.Contains("<|start_header_id|>", StringComparison.Ordinal))
        {
            return new ChatTemplate(ChatTemplateFamily.Llama3, bos ?? "<|begin_of_text|>", eos ?? string.Empty, null, false);
        }

        if (template.Contains("[INST]", StringComparison.Ordinal))
        {
            return new ChatTemplate(ChatTemplateFamily.Instruct, bos ?? "<s>", eos ?? "</s>", null, template.Contains("<<SYS>>", StringComparison.Ordinal));
        }

        throw new InputException("unsupported chat_template", file: file, field: "chat_template",
            hint: "supported families: ChatML (<|im_start|>), Llama 3 (<|start_header_id|>), Mistral/Llama 2 ([INST])");
    }

    /// <summary>Renders messages as the prompt text; the result already holds BOS where the family uses one.</summary>
    /// <param name="messages">(role, content) pairs; roles system, user, assistant.</param>
    /// <param name="addGenerationPrompt">End with the header of an assistant turn, ready for generation.</param>
    /// <returns>The prompt text.</returns>
    /// <exception cref="InputException">A role the family cannot express.</exception>
    public string Render(IReadOnlyList<(string Role, string Content)> messages, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = new StringBuilder(Bos);
        switch (Family)
        {
            case ChatTemplateFamily.PlainText:
                text.AppendJoin('\n', messages.Select(m => m.Content));
                break;
            case ChatTemplateFamily.ChatMl:
                if (DefaultSystem is not null && (messages.Count == 0 || messages[0].Role != "system"))
                {
                    text.Append($"<|im_start|>system\n{DefaultSystem}<|im_end|>\n");
                }

                foreach (var (role, content) in messages)
                {
                    text.Append($"<|im_start|>{role}\n{content}<|im_end|>\n");
                }

                if (addGenerationPrompt)
                {
                    text.Append("<|im_start|>assistant\n");
                }

                break;
            case ChatTemplateFamily.Llama3:
                foreach (var (role, content) in messages)
                {
                    text.Append($"<|start_header_id|>{role}<|end_header_id|>\n\n{content.Trim()}<|eot_id|>");
                }

                if (addGenerationPrompt)
                {
                    text.Append("<|start_header_id|>assistant<|end_header_id|>\n\n");
                }

                break;
            case ChatTemplateFamily.Instruct:
                RenderInstruct(messages, text);
                break;
        }

        return text.ToString();
    }

    private void RenderInstruct(IReadOnlyList<(string Role, string Content)> messages, StringBuilder text)
    {
        var system = messages.Count > 0 && messages[0].Role == "system" ? messages[0].Content : null;
        var firstUser = true;
        foreach (var (role, content) in messages.Skip(system is null ? 0 : 1))
        {
            switch (role)
            {
                case "user":
                    var body = content.Trim();
                    if (firstUser && system is not null)
                    {
                        body = Llama2System ? $"<<SYS>>\n{system.Trim()}\n<</SYS>>\n\n{body}" : $"{system.Trim()}\n\n{body}";
                    }

                    text.Append($"[INST] {body} [/INST]");
                    firstUser = false;
                    break;
                case "assistant":
                    text.Append($" {content.Trim()}{Eos}");
                    break;
                default:
                    throw new InputException($"the [INST] chat template has no '{role}' role", field: "messages", hint: "use system, user and assistant");
            }
        }
    }

    private static string? TokenText(JsonNode? node) => node switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonObject o => o["content"]?.GetValue<string>(),
        _ => null,
    };

    [GeneratedRegex(@"<\|im_start\|>system\\n([^<']*)<\|im_end\|>")]
    private static partial Regex DefaultSystemPattern();
}
