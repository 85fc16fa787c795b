using System.Text.Json.Nodes;
using Crossover.Routing;
using Microsoft.Extensions.AI;

namespace Crossover.LocalModels.Tests;

/// <summary>The local engine reports the answer's token log-probabilities like a provider, so a cascade can gate on a local cheap model.</summary>
public sealed class LogProbabilityTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LogProbability_IsALogSoftmax_ThatSumsToOneAndIgnoresAShiftOfEveryLogit(int seed)
    {
        var random = new Random(seed);
        var logits = Enumerable.Range(0, 300).Select(_ => (float)((random.NextDouble() * 40) - 20)).ToArray();
        var shifted = logits.Select(l => l + 1_000f).ToArray();

        var logProbs = Enumerable.Range(0, logits.Length).Select(t => Decoding.LogProbability(logits, t)).ToArray();

        Assert.Equal(1.0, logProbs.Sum(Math.Exp), 9);
        Assert.All(logProbs, lp => Assert.True(lp <= 0));
        for (var t = 0; t < logits.Length; t += 37)
        {
            Assert.Equal(logProbs[t], Decoding.LogProbability(shifted, t), 3);
        }
    }

    [Fact]
    public async Task Response_CarriesOneLogProbabilityPerGeneratedToken_OnlyWhenAsked()
    {
        // No end-of-sequence id, so every call generates exactly MaxOutputTokens tokens.
        using var client = new LocalChatClient(LocalModel.Load(TinyModel.Write(configure: c => c["eos_token_id"] = new JsonArray())), ownsModel: true, maxBatch: 4);
        ChatMessage[] prompt = [new(ChatRole.User, "the cat")];

        // Served in one batch: one sequence asks for log-probabilities, the other does not.
        var asked = client.GetResponseAsync(prompt, LogProbabilities.Request(new ChatOptions { MaxOutputTokens = 6 }));
        var plain = client.GetResponseAsync(prompt, new ChatOptions { MaxOutputTokens = 6 });
        var (withLogProbs, without) = (await asked, await plain);

        var values = LogProbabilities.Of(withLogProbs);
        Assert.NotNull(values);
        Assert.Equal(6, values.Count);
        Assert.Equal(withLogProbs.Usage!.OutputTokenCount, values.Count);
        // Greedy decoding picks the most likely token, whose probability is at least 1 / vocabulary.
        Assert.All(values, lp => Assert.InRange(lp, -Math.Log(TinyModel.Vocab) - 1e-6, 0));
        Assert.InRange(LogProbabilities.Confidence(values)!.Value, 1.0 / TinyModel.Vocab, 1.0);
        Assert.Null(LogProbabilities.Of(without));
        Assert.Equal(without.Text, withLogProbs.Text);
    }
}
