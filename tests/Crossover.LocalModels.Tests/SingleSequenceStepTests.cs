using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Crossover.LocalModels.Tests;

public sealed class SingleSequenceStepTests
{
    public static TheoryData<string, bool, int?, int> Models => new()
    {
        // architecture, tied head, sliding window, hidden size (256 makes the products large enough to run in parallel)
        { "LlamaForCausalLM", false, null, 32 },
        { "LlamaForCausalLM", true, null, 32 },
        { "Qwen2ForCausalLM", false, null, 32 },
        { "MistralForCausalLM", false, 5, 32 },
        { "LlamaForCausalLM", false, null, 256 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Step_AgreesWithAFullPassAtEveryPosition_PastTheCacheCapacity(string architecture, bool tied, int? window, int hidden)
    {
        using var model = LocalModel.Load(TinyModel.Write(architecture, tied, seed: 3, configure: c => Configure(c, window, hidden)));
        var transformer = model.Transformer;
        var random = new Random(5);
        var ids = new List<long> { 0, 70, 71 };
        using var noGrad = no_grad();
        using var cache = new KvCache(transformer.Config.Layers);
        using (var prefill = transformer.Forward(tensor(ids.ToArray(), [1, ids.Count]), null, cache, lastOnly: true))
        {
        }

        var step = new SingleSequenceStep(transformer);
        // 70 steps cross the cache's first capacity (64 columns), so the buffers regrow in between.
        for (var s = 0; s < 70; s++)
        {
            Assert.True(SingleSequenceStep.Applies(transformer, cache));
            var token = random.Next(2, TinyModel.Vocab);
            var ours = step.Run(token, cache).ToArray();
            ids.Add(token);
            using var full = transformer.Forward(tensor(ids.ToArray(), [1, ids.Count]), null, null, lastOnly: true);
            var reference = full.reshape(-1).data<float>().ToArray();

            Assert.Equal(ids.Count, cache.Length);
            var largest = ours.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(largest < 1e-3, $"step {s}: largest logit difference {largest}");
        }
    }

    [Fact]
    public void GreedyGeneration_IsTheSameWithTheStepAndWithLibtorch()
    {
        using var model = LocalModel.Load(TinyModel.Write(seed: 9, configure: c => Configure(c, null, 256)));
        var options = new GenerationOptions { MaxNewTokens = 40, StopTokenIds = [] };
        var ours = model.Generate([[0, 80, 81, 82]], options)[0].TokenIds;
        IReadOnlyList<int> libtorch;
        MatVec.Enabled = false;
        try
        {
            libtorch = model.Generate([[0, 80, 81, 82]], options)[0].TokenIds;
        }
        finally
        {
            MatVec.Enabled = true;
        }

        Assert.Equal(40, ours.Count);
        Assert.Equal(libtorch, ours);
    }

    [Fact]
    public void Int8Step_StaysCloseToFp32_AndTurnsOffToExactlyFp32()
    {
        using var model = LocalModel.Load(TinyModel.Write(seed: 11, configure: c => Configure(c, null, 256)));
        var transformer = model.Transformer;
        using var noGrad = no_grad();
        float[] Logits()
        {
            using var cache = new KvCache(transformer.Config.Layers);
            transformer.Forward(tensor(new long[] { 0, 90, 91 }, [1, 3]), null, cache, lastOnly: true).Dispose();
            return new SingleSequenceStep(transformer).Run(92, cache).ToArray();
        }

        var fp32 = Logits();
        transformer.UseInt8Decoding(true);
        var int8 = Logits();
        transformer.UseInt8Decoding(false);
        var again = Logits();

        var error = Math.Sqrt(fp32.Zip(int8, (a, b) => (double)(a - b) * (a - b)).Sum() / fp32.Sum(a => (double)a * a));
        Assert.True(error is > 0 and < 0.05, $"relative error of int8 logits {error}");
        Assert.Equal(fp32, again);
    }

    [Fact]
    public void Quantize_EveryWeightIsWithinHalfAStepOfItsGroupScale_AndZeroGroupsStayZero()
    {
        var generator = new Generator(13);
        var random = new Random(13);
        for (var trial = 0; trial < 20; trial++)
        {
            // Widths around the group size exercise full groups and a shorter last group.
            int rows = random.Next(1, 40), columns = random.Next(1, 3 * Int8Weights.GroupSize + 7);
            using var weight = randn([rows, columns], generator: generator) * (float)Math.Exp(random.NextDouble() * 6 - 3);
            weight[0].zero_();
            var (values, scales, _, _) = Int8Weights.Quantize(weight);
            var source = weight.data<float>().ToArray();
            var groups = Int8Weights.Groups(columns);
            Assert.Equal(rows * groups, scales.Length);
            Assert.All(scales.Take(groups), s => Assert.Equal(0f, s));
            for (var r = 0; r < rows; r++)
            {
                for (var g = 0; g < groups; g++)
                {
                    var scale = scales[r * groups + g];
                    var members = Enumerable.Range(g * Int8Weights.GroupSize, Math.Min(Int8Weights.GroupSize, columns - g * Int8Weights.GroupSize)).ToArray();
                    if (r > 0)
                    {
                        Assert.Equal(127, members.Max(j => Math.Abs((int)values[r * columns + j])));
                    }

                    Assert.All(members, j => Assert.True(Math.Abs(source[r * columns + j] - scale * values[r * columns + j]) <= scale * 0.5f * 1.0001f));
                }
            }
        }
    }

    [Fact]
    public unsafe void Int8Dot_EqualsTheSumOfScaledGroups_OverLengths()
    {
        var random = new Random(17);
        for (var length = 1; length < 4 * Int8Weights.GroupSize + 3; length += 5)
        {
            var a = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var b = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var scales = Enumerable.Range(0, Int8Weights.Groups(length)).Select(_ => (float)random.NextDouble()).ToArray();
            var expected = Enumerable.Range(0, length).Sum(i => (double)scales[i / Int8Weights.GroupSize] * a[i] * b[i]);
            fixed (sbyte* pa = a)
            fixed (float* ps = scales, pb = b)
            {
                Assert.Equal(expected, MatVec.Dot(pa, ps, pb, length), 3);
            }
        }
    }

    private static void Configure(JsonObject c, int? window, int hidden)
    {
        c["hidden_size"] = hidden;
        c["intermediate_size"] = 2 * hidden;
        c["num_attention_heads"] = hidden / 8;
        c["num_key_value_heads"] = hidden / 16;
        if (window is not null)
        {
            c["sliding_window"] = window;
        }
    }
}
