using Microsoft.Extensions.AI;
using static TorchSharp.torch;

namespace Crossover.LocalModels.Tests;

public sealed class BatchingTests
{
    [Fact]
    public void SequencesJoiningAndLeavingMidBatch_GenerateWhatEachGeneratesAlone()
    {
        using var model = LocalModel.Load(TinyModel.Write(architecture: "Qwen2ForCausalLM"));
        var greedy = new GenerationOptions { MaxNewTokens = 9, StopTokenIds = [] };
        var shortRun = new GenerationOptions { MaxNewTokens = 2, StopTokenIds = [] };
        var sampled = new GenerationOptions { MaxNewTokens = 7, Temperature = 1.3, TopP = 0.9, Seed = 11, StopTokenIds = [] };
        (IReadOnlyList<int> Prompt, GenerationOptions Options)[] requests =
        [
            ([0, 10, 20, 30, 40, 50], greedy), ([0, 7], shortRun), ([0, 99, 98, 97], sampled), ([0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], greedy),
        ];
        var sequences = requests.Select(r => new DecodingSequence(r.Prompt, r.Options, model)).ToArray();

        using (no_grad())
        using (var batch = new DecodingBatch(model))
        {
            // Two start together; the short one leaves after two tokens; the others join later, one of them longer than everything cached.
            batch.Admit(sequences[..2]);
            batch.Step();
            batch.Step();
            batch.Admit([sequences[2]]);
            batch.Step();
            batch.Admit([sequences[3]]);
            while (batch.Active.Count > 0)
            {
                batch.Step();
            }
        }

        for (var i = 0; i < requests.Length; i++)
        {
            var alone = model.Generate([requests[i].Prompt], requests[i].Options)[0];
            var together = sequences[i].Result(model.Tokenizer);
            Assert.Equal(alone.TokenIds, together.TokenIds);
            Assert.Equal(alone.FinishReason, together.FinishReason);
        }
    }

    [Fact]
    public void PromptsSharingAHead_ArePrefilledFromOneSharedHead_AndGenerateWhatTheyGenerateAlone()
    {
        using var model = LocalModel.Load(TinyModel.Write());
        int[] head = [0, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50];
        var options = new GenerationOptions { MaxNewTokens = 6, StopTokenIds = [] };
        IReadOnlyList<int>[] prompts = [[.. head, 7], [.. head, 8, 9, 10], [.. head, 11, 12], [.. head, 13], [.. head[..9], 14, 15], [0, 1, 2, 3]];
        var sequences = prompts.Select(p => new DecodingSequence(p, options, model)).ToArray();

        using (no_grad())
        using (var batch = new DecodingBatch(model))
        {
            // Three share the head and are prefilled from it; later ones reuse all of it, part of it, or none.
            batch.Admit(sequences[..3]);
            batch.Step();
            batch.Admit([sequences[3]]);
            batch.Admit([sequences[4]]);
            batch.Step();
            batch.Admit([sequences[5]]);
            while (batch.Active.Count > 0)
            {
                batch.Step();
            }
        }

        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(model.Generate([prompts[i]], options)[0].TokenIds, sequences[i].Result(model.Tokenizer).TokenIds);
        }
    }

    [Fact]
    public async Task ConcurrentChatCalls_EachGetTheAnswerItGetsAlone_WithItsOwnOptions()
    {
        using var client = new LocalChatClient(LocalModel.Load(TinyModel.Write()), ownsModel: true, maxBatch: 4);
        var calls = Enumerable.Range(0, 12).Select(i => (
            Messages: new List<ChatMessage> { new(ChatRole.User, new string('a', 1 + i % 5) + " the cat " + i) },
            Options: new ChatOptions { MaxOutputTokens = 3 + i % 6, Temperature = i % 3 == 0 ? 0.8f : 0, Seed = i, StopSequences = i % 4 == 1 ? ["e"] : null })).ToList();

        var together = await Task.WhenAll(calls.Select(c => client.GetResponseAsync(c.Messages, c.Options)));

        for (var i = 0; i < calls.Count; i++)
        {
            var alone = await client.GetResponseAsync(calls[i].Messages, calls[i].Options);
            Assert.Equal(alone.Text, together[i].Text);
            Assert.Equal(alone.FinishReason, together[i].FinishReason);
            Assert.Equal(alone.Usage!.OutputTokenCount, together[i].Usage!.OutputTokenCount);
        }
    }

    [Fact]
    public async Task CancelledCall_EndsCancelled_WhileTheOthersFinish()
    {
        // No end-of-sequence id, so only the cancellation can end the long call.
        using var client = new LocalChatClient(LocalModel.Load(TinyModel.Write(configure: c => c["eos_token_id"] = new System.Text.Json.Nodes.JsonArray())), ownsModel: true);
        using var cancel = new CancellationTokenSource();
        var options = new ChatOptions { MaxOutputTokens = 1_000_000 };
        var longCall = client.GetResponseAsync([new ChatMessage(ChatRole.User, "the")], options, cancel.Token);
        var shortCalls = Enumerable.Range(0, 3).Select(i => client.GetResponseAsync([new ChatMessage(ChatRole.User, "the cat " + i)], new ChatOptions { MaxOutputTokens = 4 })).ToList();

        var finished = await Task.WhenAll(shortCalls);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => longCall);
        Assert.All(finished, r => Assert.True(r.Usage!.OutputTokenCount <= 4));
    }

    [Fact]
    public async Task CallWaitingForAFreeRow_EndsCancelledAtOnce_WhenItsCallerGivesUp()
    {
        using var client = new LocalChatClient(LocalModel.Load(TinyModel.Write(configure: c => c["eos_token_id"] = new System.Text.Json.Nodes.JsonArray())), ownsModel: true, maxBatch: 1);
        using var stopLong = new CancellationTokenSource();
        using var giveUp = new CancellationTokenSource();
        var longCall = client.GetResponseAsync([new ChatMessage(ChatRole.User, "the")], new ChatOptions { MaxOutputTokens = 1_000_000 }, stopLong.Token);
        var waiting = client.GetResponseAsync([new ChatMessage(ChatRole.User, "the cat")], new ChatOptions { MaxOutputTokens = 4 }, giveUp.Token);

        await giveUp.CancelAsync();

        // The only row is busy for a million tokens: the waiting call can end now only because cancellation answers it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.False(longCall.IsCompleted);
        await stopLong.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => longCall);
    }
}
