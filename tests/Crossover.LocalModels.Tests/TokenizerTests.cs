using System.Text.Json.Nodes;

namespace Crossover.LocalModels.Tests;

public sealed class TokenizerTests
{
    /// <summary>The Llama 2 / TinyLlama shape: Prepend + Replace normalizers, BPE with byte fallback, Replace/ByteFallback/Fuse/Strip decoders.</summary>
    private static HfTokenizer SentencePieceStyle()
    {
        var vocab = new JsonObject { ["<unk>"] = 0, ["<s>"] = 1, ["</s>"] = 2 };
        for (var b = 0; b < 256; b++)
        {
            vocab[$"<0x{b:X2}>"] = 3 + b;
        }

        var next = 259;
        foreach (var piece in new[] { "▁", "H", "i", "▁H", "▁Hi", "!", "é" })
        {
            vocab[piece] = next++;
        }

        var root = new JsonObject
        {
            ["added_tokens"] = new JsonArray(
                new JsonObject { ["id"] = 0, ["content"] = "<unk>", ["special"] = true },
                new JsonObject { ["id"] = 1, ["content"] = "<s>", ["special"] = true },
                new JsonObject { ["id"] = 2, ["content"] = "</s>", ["special"] = true }),
            ["normalizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["normalizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Prepend", ["prepend"] = "▁" },
                    new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = "▁" }),
            },
            ["pre_tokenizer"] = null,
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>" } }, new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A" } }),
                ["special_tokens"] = new JsonObject { ["<s>"] = new JsonObject { ["id"] = "<s>", ["ids"] = new JsonArray(1) } },
            },
            ["decoder"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["decoders"] = new JsonArray(
                    new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = "▁" }, ["content"] = " " },
                    new JsonObject { ["type"] = "ByteFallback" },
                    new JsonObject { ["type"] = "Fuse" },
                    new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 }),
            },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["vocab"] = vocab, ["unk_token"] = "<unk>", ["byte_fallback"] = true, ["fuse_unk"] = true,
                ["merges"] = new JsonArray(new JsonArray("▁", "H"), new JsonArray("▁H", "i")),
            },
        };
        var path = Path.Combine(Directory.CreateTempSubdirectory("crossover-sp-").FullName, "tokenizer.json");
        File.WriteAllText(path, root.ToJsonString());
        return HfTokenizer.Load(path);
    }

    [Fact]
    public void SentencePieceStyle_MergesAndFallsBackToBytes_AndRoundTrips()
    {
        var tokenizer = SentencePieceStyle();
        const string Text = "Hi 日é!";

        var ids = tokenizer.Encode(Text);

        int hi = tokenizer.TokenToId("▁Hi")!.Value, space = tokenizer.TokenToId("▁")!.Value;
        Assert.Equal([1, hi, space, 3 + 0xE6, 3 + 0x97, 3 + 0xA5, tokenizer.TokenToId("é")!.Value, tokenizer.TokenToId("!")!.Value], ids);
        Assert.Equal(Text, tokenizer.Decode(ids));
    }

    [Fact]
    public void SpecialTokensInText_BecomeTheirIds_AndAreSkippedOnDecode()
    {
        var tokenizer = SentencePieceStyle();

        var ids = tokenizer.Encode("Hi</s>", addSpecialTokens: false);

        Assert.Equal([tokenizer.TokenToId("▁Hi")!.Value, 2], ids);
        Assert.Equal("Hi", tokenizer.Decode(ids));
        Assert.True(tokenizer.IsSpecial(2));
    }

    [Fact]
    public void UnsupportedModel_FailsNamingIt()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("crossover-tok-").FullName, "tokenizer.json");
        File.WriteAllText(path, "{\"model\": {\"type\": \"Unigram\", \"vocab\": []}}");

        var error = Assert.Throws<Core.Input.InputException>(() => HfTokenizer.Load(path));

        Assert.Contains("unsupported tokenizer model 'Unigram'", error.Message);
    }
}
