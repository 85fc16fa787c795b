using System.Text.Json;
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

    public static TheoryData<int> NormalizationCases() => [.. Enumerable.Range(0, NormalizationData.Value.GetArrayLength())];

    private static readonly Lazy<JsonElement> NormalizationData = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Tokenizers", "unicode-normalization.json"))).RootElement);

    /// <summary>Python's unicodedata.normalize wrote the expected forms (eng/unicode-normalization-data.py); string.Normalize is a no-op in this build.</summary>
    [Theory]
    [MemberData(nameof(NormalizationCases))]
    public void UnicodeNormalization_MatchesTheFourNormalForms(int index)
    {
        var entry = NormalizationData.Value[index];
        var text = entry.GetProperty("text").GetString()!;

        Assert.Equal(entry.GetProperty("NFC").GetString(), HfTokenizer.UnicodeNormalization.Normalize(text, compose: true, compatibility: false));
        Assert.Equal(entry.GetProperty("NFD").GetString(), HfTokenizer.UnicodeNormalization.Normalize(text, compose: false, compatibility: false));
        Assert.Equal(entry.GetProperty("NFKC").GetString(), HfTokenizer.UnicodeNormalization.Normalize(text, compose: true, compatibility: true));
        Assert.Equal(entry.GetProperty("NFKD").GetString(), HfTokenizer.UnicodeNormalization.Normalize(text, compose: false, compatibility: true));
    }

    [Theory]
    [InlineData("continuing_subword_prefix", "##")]
    [InlineData("end_of_word_suffix", "</w>")]
    public void NonEmptyWordPieceAffix_IsRefusedNamingIt(string field, string value)
    {
        var path = Write(ByteLevelRoot(new JsonObject { ["a"] = 0 }, [], [], model => model[field] = value));

        var error = Assert.Throws<Core.Input.InputException>(() => HfTokenizer.Load(path));

        Assert.Equal("model." + field, error.Field);
    }

    /// <summary>tokenizers' AddedVocabulary drops a single_word match next to a letter, digit or underscore (the JavaScript reference ignores the flag).</summary>
    [Fact]
    public void SingleWordAddedToken_MatchesOnlyAsAWholeWord()
    {
        var vocab = new JsonObject();
        foreach (var c in "abcx<>_ ")
        {
            vocab[c.ToString()] = vocab.Count;
        }

        var added = new JsonObject { ["id"] = 100, ["content"] = "<x>", ["special"] = true, ["single_word"] = true, ["normalized"] = false };
        var tokenizer = HfTokenizer.Load(Write(ByteLevelRoot(vocab, [], [added], null, preTokenizer: false)));

        Assert.Equal([vocab["a"]!.GetValue<int>(), vocab[" "]!.GetValue<int>(), 100, vocab[" "]!.GetValue<int>(), vocab["b"]!.GetValue<int>()], tokenizer.Encode("a <x> b", false));
        Assert.DoesNotContain(100, tokenizer.Encode("a<x> b", false));
        Assert.DoesNotContain(100, tokenizer.Encode("a <x>_b", false));
        Assert.Contains(100, tokenizer.Encode("<x>", false));
    }

    /// <summary>The heap-based merge against the plain rescan it replaced (lowest rank first, leftmost among equals), on random pieces and merge tables.</summary>
    [Fact]
    public void Merge_AgreesWithTheQuadraticRescan_OnRandomPiecesAndMerges()
    {
        var random = new Random(5);
        for (var round = 0; round < 200; round++)
        {
            var alphabet = "abcd"[..random.Next(2, 5)];
            var vocab = new JsonObject();
            var pieces = new List<string>();
            foreach (var c in alphabet)
            {
                vocab[c.ToString()] = vocab.Count;
                pieces.Add(c.ToString());
            }

            var merges = new List<(string, string)>();
            for (var m = 0; m < 12; m++)
            {
                var (left, right) = (pieces[random.Next(pieces.Count)], pieces[random.Next(pieces.Count)]);
                if (vocab.ContainsKey(left + right) || left.Length + right.Length > 6)
                {
                    continue;
                }

                merges.Add((left, right));
                vocab[left + right] = vocab.Count;
                pieces.Add(left + right);
            }

            var tokenizer = HfTokenizer.Load(Write(ByteLevelRoot(vocab, merges, [], null, preTokenizer: false)));
            var text = new string([.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            Assert.Equal(NaiveMerge(text, merges).Select(p => vocab[p]!.GetValue<int>()), tokenizer.Encode(text, false));
        }
    }

    private static List<string> NaiveMerge(string text, List<(string Left, string Right)> merges)
    {
        var symbols = text.Select(c => c.ToString()).ToList();
        while (true)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                var rank = merges.IndexOf((symbols[i], symbols[i + 1]));
                if (rank >= 0 && rank < bestRank)
                {
                    (best, bestRank) = (i, rank);
                }
            }

            if (best < 0)
            {
                return symbols;
            }

            symbols[best] += symbols[best + 1];
            symbols.RemoveAt(best + 1);
        }
    }

    private static JsonObject ByteLevelRoot(JsonObject vocab, List<(string, string)> merges, JsonObject[] added, Action<JsonObject>? model, bool preTokenizer = true)
    {
        var modelNode = new JsonObject
        {
            ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = new JsonArray([.. merges.Select(m => (JsonNode)new JsonArray(m.Item1, m.Item2))]),
        };
        model?.Invoke(modelNode);
        return new JsonObject
        {
            ["added_tokens"] = new JsonArray([.. added]),
            ["pre_tokenizer"] = preTokenizer ? new JsonObject { ["type"] = "ByteLevel" } : null,
            ["model"] = modelNode,
        };
    }

    private static string Write(JsonObject root)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("crossover-tok-").FullName, "tokenizer.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }
}
