using System.Text.Json.Nodes;

namespace Crossover.LocalModels.Tests;

/// <summary>Karpathy's stories260K converted to the Hugging Face layout, checked against llama2.c's own output.</summary>
public sealed class Stories260KTests
{
    private static readonly string Folder = SharedModels.Stories260K;

    [ModelFact]
    public void GreedyFromBos_ReproducesLlama2cReferenceByteForByte()
    {
        using var model = LocalModel.Load(Folder);
        var result = model.Generate([[1]], new GenerationOptions { MaxNewTokens = 200, StopTokenIds = [1] })[0];

        var expected = File.ReadAllBytes(Path.Combine(Folder, "expected", "greedy200_from_bos.txt"));
        Assert.Equal(200, result.TokenIds.Count);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetBytes(result.Text));
    }

    [ModelFact]
    public void Encode_OnceUponATime_GivesReferenceIdsAndContinuation()
    {
        using var model = LocalModel.Load(Folder);
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "expected", "once_upon_a_time_ids.json")))!;

        var ids = model.Tokenizer.Encode("Once upon a time");
        var result = model.Generate("Once upon a time", new GenerationOptions { MaxNewTokens = 13, StopTokenIds = [1] });

        Assert.Equal([1, 403, 407, 261, 378], ids);
        Assert.Equal(reference["greedy_continuation_ids_first_13"]!.AsArray().Select(n => n!.GetValue<int>()), result.TokenIds);
        Assert.StartsWith(reference["greedy_continuation_starts_with"]!.GetValue<string>(), result.Text, StringComparison.Ordinal);
    }

    [ModelFact]
    public void Int8Decoding_ReferencePrompts_MatchFp32ForTheFirst100Tokens()
    {
        using var model = LocalModel.Load(Folder);
        var options = new GenerationOptions { MaxNewTokens = 100, StopTokenIds = [] };
        IReadOnlyList<int>[] prompts = [[1], model.Tokenizer.Encode("Once upon a time")];
        var fp32 = prompts.Select(p => model.Generate([p], options)[0].TokenIds).ToList();
        model.Int8Decoding = true;
        var int8 = prompts.Select(p => model.Generate([p], options)[0].TokenIds).ToList();

        Assert.All(fp32, tokens => Assert.Equal(100, tokens.Count));
        Assert.Equal(fp32, int8);
    }
}
