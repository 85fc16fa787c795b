using System.Text;
using System.Text.Json.Nodes;
using static TorchSharp.torch;
using Crossover.LocalModels;

namespace Crossover.Testing;

/// <summary>Writes small random Llama-family model folders (config.json, model.safetensors, byte-level tokenizer.json).</summary>
public static class TinyModel
{
    public const int Vocab = 261;

    public static string Write(string architecture = "LlamaForCausalLM", bool tied = false, int seed = 1, Action<Dictionary<string, Tensor>>? edit = null, Action<JsonObject>? configure = null)
    {
        var dir = Directory.CreateTempSubdirectory("crossover-tiny-").FullName;
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray(architecture),
            ["hidden_size"] = 32,
            ["intermediate_size"] = 64,
            ["num_hidden_layers"] = 2,
            ["num_attention_heads"] = 4,
            ["num_key_value_heads"] = 2,
            ["vocab_size"] = Vocab,
            ["rms_norm_eps"] = 1e-5,
            ["rope_theta"] = 10000.0,
            ["hidden_act"] = "silu",
            ["tie_word_embeddings"] = tied,
            ["bos_token_id"] = 0,
            ["eos_token_id"] = 1,
        };
        configure?.Invoke(config);
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        var parsed = ModelConfig.Load(dir);
        var generator = new Generator((ulong)seed);
        var weights = Transformer.ExpectedShapes(parsed).ToDictionary(p => p.Key,
            p => p.Key.EndsWith("norm.weight", StringComparison.Ordinal) ? ones(p.Value) : randn(p.Value, generator: generator) * 0.2f);
        edit?.Invoke(weights);
        Safetensors.Write(Path.Combine(dir, "model.safetensors"), weights);
        foreach (var w in weights.Values)
        {
            w.Dispose();
        }

        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), TokenizerJson());
        return dir;
    }

    /// <summary>Byte-level BPE: ids 0 &lt;s&gt;, 1 &lt;/s&gt;, 2..257 the 256 byte characters, then three merges.</summary>
    public static string TokenizerJson()
    {
        var vocab = new JsonObject { ["<s>"] = 0, ["</s>"] = 1 };
        var next = 2;
        foreach (var c in ByteChars())
        {
            vocab[c.ToString()] = next++;
        }

        foreach (var merged in new[] { "Ġt", "he", "Ġthe" })
        {
            vocab[merged] = next++;
        }

        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(
                new JsonObject { ["id"] = 0, ["content"] = "<s>", ["special"] = true },
                new JsonObject { ["id"] = 1, ["content"] = "</s>", ["special"] = true }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = true },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
                ["special_tokens"] = new JsonObject { ["<s>"] = new JsonObject { ["id"] = "<s>", ["ids"] = new JsonArray(0), ["tokens"] = new JsonArray("<s>") } },
            },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["vocab"] = vocab,
                ["merges"] = new JsonArray("Ġ t", "h e", "Ġt he"),
            },
        };
        return root.ToJsonString();
    }

    private static IEnumerable<char> ByteChars()
    {
        var extra = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            yield return printable ? (char)b : (char)extra++;
        }
    }

    public static Tensor Logits(LocalModel model, int[] ids)
    {
        using var noGrad = no_grad();
        var input = tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length]);
        return model.Transformer.Forward(input, ones_like(input));
    }

    public static string Text(this IEnumerable<byte> bytes) => Encoding.UTF8.GetString(bytes.ToArray());
}
