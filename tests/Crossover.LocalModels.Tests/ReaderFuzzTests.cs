using System.Text;
using System.Text.Json.Nodes;
using Crossover.Core.Input;
using static TorchSharp.torch;

namespace Crossover.LocalModels.Tests;

/// <summary>
/// Seeded mutations of valid files for the readers of model folders — tokenizer.json, the chat template in
/// tokenizer_config.json and the safetensors header: each mutant must load (and then work) or fail with one clear
/// line (<see cref="InputException"/>), never another exception and never a hang.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const int Mutants = 1500;

    /// <summary>Far above what one mutant takes (milliseconds); only a hang reaches it.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(60);

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory);

    private static readonly string[] JsonTokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "null", "-1", "1e999", "0", "true", "\"\"", "\\u0000", "\\ud800"];

    private static readonly string[] JinjaTokens =
        ["{%", "%}", "{{", "}}", "{#", "#}", "{%-", "-%}", " if ", " endif ", " for ", " endfor ", " set ", "(", ")", "[", "]", "|", "'", "\"", "\\", "-", ".", ",", " is ", " in ", " not ", "~", "*", "**", "//", "%", "loop.", "range(99999999)", "messages[0]", "|tojson(", "|abs", "[::-1]", "0", "1e308", "none"];

    private static readonly JsonNode?[] Replacements =
    [
        null, true, false, 0, -1, long.MaxValue, 1e300, 2.5, "", "x", "▁", "Split", "BPE", "ByteLevel", "Sequence", "NFKC", "Isolated", "MergedWithNext",
        "(", "[", "\\p{L}+", "(a+)+$", "F32", "BF16", "I64", "<0xZZ>", new JsonArray(), new JsonObject(), new JsonArray(1, 2), new JsonArray("a", "b"),
        new JsonArray(-1, 5), new JsonArray(0, long.MaxValue), new JsonObject { ["type"] = "Sequence" }, new JsonObject { ["String"] = " " }, new JsonObject { ["Regex"] = "(" },
    ];

    [Fact]
    public void TokenizerJson_Mutants_LoadAndEncodeOrFailWithOneLine()
    {
        var sources = Directory.GetFiles(Path.Combine(Folder, "Tokenizers"), "*.tokenizer.json")
            .Where(f => new FileInfo(f).Length < 20_000).Select(File.ReadAllText).ToArray();
        var random = new Random(1301);
        var path = Path.Combine(Directory.CreateTempSubdirectory("crossover-fuzz-tok-").FullName, "tokenizer.json");
        var loaded = 0;
        for (var i = 0; i < Mutants; i++)
        {
            var mutant = Mutate(sources[random.Next(sources.Length)], random, JsonTokens);
            File.WriteAllText(path, mutant);
            if (Survives(mutant, () =>
            {
                var tokenizer = HfTokenizer.Load(path);
                var ids = tokenizer.Encode("Hello wörld 123, <|im_start|> naïve 𝐀𝟎 ﬁ  tabs\t\n", addSpecialTokens: true);
                tokenizer.Decode(ids);
                tokenizer.Decode([-1, int.MaxValue, 0]);
            }))
            {
                loaded++;
            }
        }

        // Some mutants must get past the JSON parser, or the test only exercises System.Text.Json.
        Assert.InRange(loaded, Mutants / 20, Mutants);
    }

    [Fact]
    public void ChatTemplate_Mutants_LoadAndRenderOrFailWithOneLine()
    {
        var templates = Directory.GetFiles(Path.Combine(Folder, "ChatTemplates"), "*.jinja").Select(File.ReadAllText).ToArray();
        var random = new Random(1302);
        var folder = Directory.CreateTempSubdirectory("crossover-fuzz-chat-").FullName;
        var loaded = 0;
        for (var i = 0; i < Mutants; i++)
        {
            var config = new JsonObject { ["chat_template"] = templates[random.Next(templates.Length)], ["bos_token"] = "<s>", ["eos_token"] = new JsonObject { ["content"] = "</s>" } };
            if (random.Next(4) == 0)
            {
                MutateNode(config, random);
            }
            else
            {
                config["chat_template"] = Mutate((string)config["chat_template"]!, random, JinjaTokens);
            }

            var text = config.ToJsonString();
            File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), text);
            if (Survives(text, () =>
            {
                var chat = ChatTemplate.Load(folder);
                chat.Render([("system", "Be brief."), ("user", "Hi 😀"), ("assistant", "Hello"), ("user", "And?")]);
            }))
            {
                loaded++;
            }
        }

        Assert.InRange(loaded, Mutants / 20, Mutants);
    }

    [Fact]
    public void SafetensorsHeader_Mutants_ReadOrFailWithOneLine()
    {
        var random = new Random(1303);
        var path = Path.Combine(Directory.CreateTempSubdirectory("crossover-fuzz-st-").FullName, "model.safetensors");
        var header = new JsonObject
        {
            ["__metadata__"] = new JsonObject { ["format"] = "pt" },
            ["a.weight"] = new JsonObject { ["dtype"] = "F32", ["shape"] = new JsonArray(2, 3), ["data_offsets"] = new JsonArray(0, 24) },
            ["b.bias"] = new JsonObject { ["dtype"] = "BF16", ["shape"] = new JsonArray(4), ["data_offsets"] = new JsonArray(24, 32) },
            ["c"] = new JsonObject { ["dtype"] = "F16", ["shape"] = new JsonArray(), ["data_offsets"] = new JsonArray(32, 34) },
        }.ToJsonString();
        var data = new byte[34];
        new Random(7).NextBytes(data);
        var read = 0;
        for (var i = 0; i < Mutants; i++)
        {
            var text = random.Next(3) == 0 ? MutateJson(header, random) : Mutate(header, random, JsonTokens);
            var json = Encoding.UTF8.GetBytes(text);
            var length = random.Next(6) switch
            {
                0 => random.NextInt64(long.MinValue, long.MaxValue),
                1 => json.Length + random.Next(-3, 40),
                _ => json.Length,
            };
            var body = random.Next(5) == 0 ? data[..random.Next(data.Length)] : data;
            File.WriteAllBytes(path, [.. BitConverter.GetBytes(length), .. json, .. body]);
            if (Survives(text, () =>
            {
                foreach (var tensor in Safetensors.Read([path], ScalarType.Float32, CPU).Values)
                {
                    tensor.Dispose();
                }
            }))
            {
                read++;
            }
        }

        // Most mutants break the header; some must still read, or the tensor path is never reached.
        Assert.InRange(read, Mutants / 100, Mutants);
    }

    /// <summary>Runs one mutant: true when it was accepted, false when refused with a one-line user error; anything else fails the test.</summary>
    private static bool Survives(string mutant, Action action)
    {
        Exception? thrown = null;
        var run = Task.Run(() =>
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                thrown = ex;
            }
        });
        Assert.True(run.Wait(HangBound), $"hung on: {Excerpt(mutant)}");
        switch (thrown)
        {
            case null:
                return true;
            case InputException user:
                Assert.DoesNotContain('\n', user.Message);
                return false;
            default:
                Assert.Fail($"{thrown.GetType().Name}: {thrown.Message}\n{thrown.StackTrace}\nfor: {Excerpt(mutant)}");
                return false;
        }
    }

    private static string Excerpt(string text) => text.Length > 2000 ? text[..2000] + "…" : text;

    /// <summary>One or more textual edits: a deleted, duplicated or truncated span, an inserted token, a swapped character.</summary>
    private static string Mutate(string source, Random random, string[] tokens)
    {
        var text = new StringBuilder(source);
        for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
        {
            var at = random.Next(text.Length);
            var span = Math.Min(text.Length - at, random.Next(1, 40));
            switch (random.Next(5))
            {
                case 0:
                    text.Remove(at, span);
                    break;
                case 1:
                    text.Insert(at, text.ToString(at, span));
                    break;
                case 2:
                    text.Insert(at, tokens[random.Next(tokens.Length)]);
                    break;
                case 3:
                    text[at] = (char)random.Next(0x20, 0x7F);
                    break;
                default:
                    text.Length = at;
                    break;
            }
        }

        return text.ToString();
    }

    private static string MutateJson(string json, Random random)
    {
        var root = JsonNode.Parse(json)!;
        MutateNode(root, random);
        return root.ToJsonString();
    }

    /// <summary>Replaces, removes or re-types one node anywhere in the tree.</summary>
    private static void MutateNode(JsonNode root, Random random)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[random.Next(nodes.Count)];
        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        switch (target.Parent)
        {
            case JsonObject parent:
                var key = target.GetPropertyName();
                if (random.Next(4) == 0)
                {
                    parent.Remove(key);
                }
                else
                {
                    parent[key] = replacement;
                }

                break;
            case JsonArray array:
                var index = target.GetElementIndex();
                if (random.Next(4) == 0)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = replacement;
                }

                break;
            default:
                if (target is JsonObject top && top.Count > 0)
                {
                    top[top.ElementAt(random.Next(top.Count)).Key] = replacement;
                }

                break;
        }
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Collect(child, nodes);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Collect(child, nodes);
                }

                break;
        }
    }
}
