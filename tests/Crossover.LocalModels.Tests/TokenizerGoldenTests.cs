using System.Text.Json;

namespace Crossover.LocalModels.Tests;

/// <summary>
/// Encodings by our tokenizer against Hugging Face's reference implementation (@huggingface/tokenizers) on trimmed real
/// tokenizer.json files (Qwen3: NFC + Split + ByteLevel; GPT-4o: inverted Split with per-category letter classes) and on
/// synthetic files with the SentencePiece-style pipelines of Gemma 3, Llama 2 and Mistral and the Digits / NFKC /
/// added-token-flag paths. eng/tokenizer-references.mjs wrote the files in Tokenizers/.
/// </summary>
public sealed class TokenizerGoldenTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Tokenizers");

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in Directory.GetFiles(Folder, "*.cases.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file)[..^".cases.json".Length];
            var count = JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetArrayLength();
            for (var i = 0; i < count; i++)
            {
                data.Add(name, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_MatchesTheReferenceImplementation_AndDecodesAsItDoes(string tokenizer, int index)
    {
        var entry = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, tokenizer + ".cases.json"))).RootElement[index];
        var text = entry.GetProperty("text").GetString()!;
        var expected = entry.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray();
        var loaded = HfTokenizer.Load(Path.Combine(Folder, tokenizer + ".tokenizer.json"));

        var ids = loaded.Encode(text, addSpecialTokens: false);

        Assert.Equal(expected, ids);
        Assert.Equal(entry.GetProperty("decoded").GetString(), loaded.Decode(ids, skipSpecialTokens: false));
    }
}
