using System.Text.Json;
using Crossover.Core.Input;
using Microsoft.Extensions.Time.Testing;

namespace Crossover.LocalModels.Tests;

/// <summary>
/// Chat templates rendered by our Jinja engine against renderings by Python's Jinja2 configured as transformers'
/// apply_chat_template configures it (eng/chat-template-references.py wrote the .cases.json files).
/// </summary>
public sealed class ChatTemplateTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "ChatTemplates");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Folder, "*.cases.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file)[..^".cases.json".Length];
            foreach (var entry in JsonDocument.Parse(File.ReadAllText(file)).RootElement.EnumerateArray())
            {
                data.Add(name, entry.GetProperty("case").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_MatchesPythonJinja(string template, string caseName)
    {
        var entry = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, template + ".cases.json"))).RootElement
            .EnumerateArray().Single(e => e.GetProperty("case").GetString() == caseName);
        var chat = ChatTemplate.Parse(File.ReadAllText(Path.Combine(Folder, template + ".jinja")), new Dictionary<string, string>(), template + ".jinja");
        var variables = (Dictionary<string, object?>)ToValue(entry.GetProperty("variables"))!;

        if (entry.TryGetProperty("expected", out var expected))
        {
            Assert.Equal(expected.GetString(), chat.Render(variables));
        }
        else
        {
            var error = Assert.Throws<InputException>(() => chat.Render(variables));
            Assert.Equal("the model's chat template rejects these messages: " + entry.GetProperty("raises").GetString(), error.Problem);
        }
    }

    [Fact]
    public void Render_Messages_PassesSpecialTokensAndTheGenerationPrompt()
    {
        var chat = ChatTemplate.Parse(File.ReadAllText(Path.Combine(Folder, "llama-3.1.jinja")), new Dictionary<string, string> { ["bos_token"] = "<|begin_of_text|>" });

        var prompt = chat.Render([("user", "hi")]);

        Assert.Equal("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", prompt);
        Assert.Equal("<|eot_id|>", chat.EndOfTurn);
        Assert.False(chat.IsPlainText);
    }

    [Fact]
    public void Render_Messages_PassesToolsAndDocumentsAsNoneLikeTransformers()
    {
        var chat = ChatTemplate.Parse("{{ tools is none }} {{ documents is none }} {{ tools is defined }}{% if tools %} tools{% endif %}", new Dictionary<string, string>());

        Assert.Equal("True True True", chat.Render([("user", "hi")]));
    }

    [Fact]
    public void StrftimeNow_PrintsTodayFromTheClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        var chat = ChatTemplate.Parse("Today Date: {{ strftime_now('%d %b %Y') }}", new Dictionary<string, string>(), time: clock);

        Assert.Equal("Today Date: 23 Nov 2026", chat.Render([("user", "hi")]));
    }

    [Theory]
    [InlineData("{% macro greet(x) %}hi{% endmacro %}", "chat_template line 1: the 'macro' tag is not supported")]
    [InlineData("{{ messages | wordcount }}", "chat_template line 1: the 'wordcount' filter is not supported")]
    [InlineData("{% for m in messages %}\n{{ m.content }}", "chat_template line 1: missing '{% endfor %}' for the block opened here")]
    [InlineData("{{ 'a' }}\n{% endif %}", "chat_template line 2: '{% endif %}' without a matching opening tag")]
    [InlineData("{{ messages[0 }}", "chat_template line 1: expected ']', found 'end of tag'")]
    public void UnsupportedOrBrokenTemplate_FailsWhenLoadedNamingTheLine(string template, string problem)
    {
        var error = Assert.Throws<InputException>(() => ChatTemplate.Parse(template, new Dictionary<string, string>(), "tokenizer_config.json"));

        Assert.Equal(problem, error.Problem);
        Assert.Equal("chat_template", error.Field);
        Assert.Equal("tokenizer_config.json", error.File);
    }

    [Fact]
    public void TypeErrorWhileRendering_IsAClearError()
    {
        var chat = ChatTemplate.Parse("{{ messages[0].content + 1 }}", new Dictionary<string, string>());

        var error = Assert.Throws<InputException>(() => chat.Render([("user", "hi")]));

        Assert.Equal("chat_template line 1: cannot apply '+' to str and int", error.Problem);
    }

    [Fact]
    public void ModelFolder_WithoutChatTemplate_IsPlainText()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-template-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "tokenizer_config.json"), """{"bos_token": "<s>"}""");

            var chat = ChatTemplate.Load(folder.FullName);

            Assert.True(chat.IsPlainText);
            Assert.Equal("a\nb", chat.Render([("system", "a"), ("user", "b")]));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(ToValue).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
