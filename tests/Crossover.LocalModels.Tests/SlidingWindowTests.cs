using Crossover.Core.Input;
using static TorchSharp.torch;

namespace Crossover.LocalModels.Tests;

public sealed class SlidingWindowTests
{
    private static readonly int[] Ids = [0, 5, 90, 17, 200, 33, 4, 150, 60, 8];

    [Fact]
    public void MistralSlidingWindow_OneLayerSeesOnlyTheLastWindowTokens()
    {
        // With one layer and relative (rotary) positions, the output at p depends only on tokens p-W+1..p, so it must
        // equal the last output of a pass over exactly those tokens.
        const int window = 3;
        using var model = LocalModel.Load(TinyModel.Write("MistralForCausalLM", configure: c => { c["sliding_window"] = window; c["num_hidden_layers"] = 1; }));
        using var full = TinyModel.Logits(model, Ids);

        for (var p = window; p < Ids.Length; p++)
        {
            using var alone = TinyModel.Logits(model, Ids[(p - window + 1)..(p + 1)]);
            using var expected = alone[0, -1];
            using var actual = full[0, p];
            Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-4), $"position {p}: largest difference {(expected - actual).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void MistralSlidingWindow_ChangesLongSequencesButNotShortOnes()
    {
        var withWindow = TinyModel.Write("MistralForCausalLM", seed: 4, configure: c => c["sliding_window"] = 4);
        var withoutWindow = TinyModel.Write("MistralForCausalLM", seed: 4, configure: c => c["sliding_window"] = null);
        using var windowed = LocalModel.Load(withWindow);
        using var plain = LocalModel.Load(withoutWindow);

        using var a = TinyModel.Logits(windowed, Ids);
        using var b = TinyModel.Logits(plain, Ids);

        Assert.True(a[0, ..4].allclose(b[0, ..4], rtol: 1e-5, atol: 1e-5));
        Assert.False(a[0, 4..].allclose(b[0, 4..], rtol: 1e-3, atol: 1e-3));
    }

    [Fact]
    public void MistralSlidingWindow_KvCacheDecodingEqualsFullRecomputation()
    {
        using var model = LocalModel.Load(TinyModel.Write("MistralForCausalLM", configure: c => c["sliding_window"] = 3));
        using var full = TinyModel.Logits(model, Ids);

        using var noGrad = no_grad();
        using var cache = new KvCache(2);
        var prefix = tensor(Ids[..4].Select(i => (long)i).ToArray(), [1, 4]);
        var steps = new List<Tensor> { model.Transformer.Forward(prefix, ones_like(prefix), cache) };
        foreach (var id in Ids[4..])
        {
            var one = tensor(new long[] { id }, [1, 1]);
            steps.Add(model.Transformer.Forward(one, ones_like(one), cache));
        }

        using var incremental = cat(steps, 1);
        Assert.True(full.allclose(incremental, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void Qwen2WithSlidingWindowOn_IsRefusedByName()
    {
        var error = Assert.Throws<InputException>(() => LocalModel.Load(TinyModel.Write("Qwen2ForCausalLM", configure: c => c["use_sliding_window"] = true)));

        Assert.Equal("use_sliding_window", error.Field);
    }
}
