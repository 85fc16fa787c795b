using System.Diagnostics;
using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>One model size's measured throughput.</summary>
/// <param name="Name">Size label.</param>
/// <param name="Parameters">Base parameters N (embedding and head included).</param>
/// <param name="MatmulParameters">Parameters used in matmuls per token (all but the embedding lookup).</param>
/// <param name="PrefillTokensPerSecond">Prompt tokens per second (batch 1, one pass).</param>
/// <param name="DecodeTokensPerSecondBatch1">New tokens per second, one sequence.</param>
/// <param name="DecodeTokensPerSecondBatch16">New tokens per second over 16 sequences.</param>
/// <param name="TrainTokensPerSecond">LoRA training tokens per second.</param>
/// <param name="PrefillFraction">Prefill FLOP rate over the matmul rate: 2·(Nm − head) per prompt token, plus the output head once (only the last position's logits are computed).</param>
/// <param name="Decode1Fraction">Batch-1 decode FLOP rate (2·Nm per token) over the matmul rate.</param>
/// <param name="Decode16Fraction">Batch-16 decode FLOP rate (2·Nm per token) over the matmul rate.</param>
/// <param name="TrainFraction">Training FLOP rate over the matmul rate: 4·Nm per token (forward 2·Nm, input gradients 2·Nm, no base weight gradients) plus the adapters' own 6·r·Σ(in+out) (forward, input and weight gradients).</param>
public sealed record BenchmarkSize(string Name, long Parameters, long MatmulParameters, double PrefillTokensPerSecond, double DecodeTokensPerSecondBatch1,
    double DecodeTokensPerSecondBatch16, double TrainTokensPerSecond, double PrefillFraction, double Decode1Fraction, double Decode16Fraction, double TrainFraction);

/// <summary>Benchmark results.</summary>
/// <param name="Threads">TorchSharp intra-op threads.</param>
/// <param name="MatmulGflops">Measured fp32 1024³ matmul rate, the FLOP bound.</param>
/// <param name="Sizes">Per model size.</param>
/// <param name="PeakWorkingSetBytes">The process's peak resident memory.</param>
public sealed record BenchmarkReport(int Threads, double MatmulGflops, IReadOnlyList<BenchmarkSize> Sizes, long PeakWorkingSetBytes);

/// <summary>One model size's batch-1 decoding against the memory-bandwidth bound.</summary>
/// <param name="Name">Size label (llama2.c's stories15M and stories110M shapes).</param>
/// <param name="Parameters">Base parameters.</param>
/// <param name="WeightBytesPerToken">Bytes of fp32 weights one decoding step reads (every matrix but the embedding table).</param>
/// <param name="BoundTokensPerSecond">Read bandwidth ÷ bytes per token: no fp32 batch-1 decoder can beat it.</param>
/// <param name="LibtorchTokensPerSecond">Batch-1 decode rate through <c>Transformer.Forward</c> with libtorch's own products (the engine before issue 16).</param>
/// <param name="EngineTokensPerSecond">Batch-1 decode rate of the engine's single-sequence step (the default).</param>
/// <param name="ProductsOnlyTokensPerSecond">The same step's matrix-vector passes alone (weights streamed once, nothing else): the gap to <paramref name="EngineTokensPerSecond"/> is the per-token overhead.</param>
/// <param name="Int8TokensPerSecond">The single-sequence step with weight-only int8 products (an approximation of the model).</param>
/// <param name="Int8BoundTokensPerSecond">Read bandwidth ÷ the int8 step's bytes per token (one byte per weight plus a scale per row).</param>
public sealed record DecodeComparison(string Name, long Parameters, long WeightBytesPerToken, double BoundTokensPerSecond, double LibtorchTokensPerSecond,
    double EngineTokensPerSecond, double ProductsOnlyTokensPerSecond, double Int8TokensPerSecond, double Int8BoundTokensPerSecond)
{
    /// <summary>The engine's fp32 rate over the bound.</summary>
    public double EngineOfBound => EngineTokensPerSecond / BoundTokensPerSecond;

    /// <summary>The engine over libtorch's one-row products, same weights, same run.</summary>
    public double EngineOverLibtorch => EngineTokensPerSecond / LibtorchTokensPerSecond;

    /// <summary>The int8 step over the fp32 step, same weights, same run.</summary>
    public double Int8OverFp32 => Int8TokensPerSecond / EngineTokensPerSecond;
}

/// <summary>Decode comparison results.</summary>
/// <param name="Threads">TorchSharp intra-op threads (the engine's products use as many).</param>
/// <param name="Cores">Logical processors .NET sees.</param>
/// <param name="ReadGigabytesPerSecond">Measured read bandwidth: a parallel sum over 512 MiB, best of five.</param>
/// <param name="LoadAverage">The machine's 1/5/15-minute load averages when the run started (<c>/proc/loadavg</c>; empty elsewhere).</param>
/// <param name="Sizes">Per model size.</param>
public sealed record DecodeReport(int Threads, int Cores, double ReadGigabytesPerSecond, string LoadAverage, IReadOnlyList<DecodeComparison> Sizes);

/// <summary>Measures the local engine on random Llama models of about 10M and 100M parameters (fp32, CPU).</summary>
public static class LocalBenchmark
{
    /// <summary>The prefill measurement's prompt length.</summary>
    private const int PromptLength = 256;

    /// <summary>Greedy picking (argmax), which draws no random numbers.</summary>
    private static readonly GenerationOptions Greedy = new() { Temperature = 0 };

    /// <summary>The LoRA rank of the training measurement (all seven projections).</summary>
    private const int AdapterRank = 16;

    /// <summary>Runs the benchmark.</summary>
    /// <param name="log">Progress lines.</param>
    /// <param name="includeLarge">Also run the ~100M model.</param>
    /// <returns>The figures.</returns>
    public static BenchmarkReport Run(Action<string> log, bool includeLarge = true)
    {
        ArgumentNullException.ThrowIfNull(log);
        var gflops = MatmulGflops();
        log($"matmul 1024^3: {gflops:0.0} GFLOP/s");
        var sizes = new List<BenchmarkSize> { Measure("~10M", 256, 688, 8, 8192, gflops, log) };
        if (includeLarge)
        {
            sizes.Add(Measure("~100M", 768, 2048, 12, 16000, gflops, log));
        }

        using var process = Process.GetCurrentProcess();
        return new BenchmarkReport(get_num_threads(), gflops, sizes, process.PeakWorkingSet64);
    }

    /// <summary>Compares batch-1 greedy decoding (libtorch's products, the engine's step in fp32 and int8) with the memory-bandwidth bound.</summary>
    /// <param name="log">Progress lines.</param>
    /// <param name="includeLarge">Also run the ~110M model.</param>
    /// <returns>The figures.</returns>
    public static DecodeReport RunDecode(Action<string> log, bool includeLarge = true)
    {
        ArgumentNullException.ThrowIfNull(log);
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
        log($"load average {load}");
        var bandwidth = ReadBandwidth();
        log($"read bandwidth: {bandwidth:0.0} GB/s");
        var sizes = new List<DecodeComparison> { CompareDecode("~15M", 288, 768, 6, 6, 32000, bandwidth, log) };
        if (includeLarge)
        {
            sizes.Add(CompareDecode("~110M", 768, 2048, 12, 12, 32000, bandwidth, log));
        }

        return new DecodeReport(get_num_threads(), Environment.ProcessorCount, bandwidth, load, sizes);
    }

    /// <summary>GB/s of a parallel vector sum over 512 MiB (far beyond the caches), best of five after a warm-up.</summary>
    private static unsafe double ReadBandwidth()
    {
        const int Floats = 128 << 20;
        const int Chunk = 1 << 20;
        var data = GC.AllocateUninitializedArray<float>(Floats, pinned: true);
        Array.Fill(data, 1f);
        var best = double.MaxValue;
        for (var round = 0; round < 6; round++)
        {
            var watch = Stopwatch.StartNew();
            var total = 0.0;
            var gate = new Lock();
            Parallel.For(0, Floats / Chunk, () => 0.0, (c, _, partial) =>
            {
                var span = new ReadOnlySpan<float>(data, c * Chunk, Chunk);
                var acc = System.Numerics.Vector<float>.Zero;
                foreach (var v in System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(span))
                {
                    acc += v;
                }

                return partial + System.Numerics.Vector.Sum(acc);
            }, partial =>
            {
                lock (gate)
                {
                    total += partial;
                }
            });
            if (round > 0 && total > 0)
            {
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }
        }

        return (double)Floats * sizeof(float) / best / 1e9;
    }

    private static DecodeComparison CompareDecode(string name, int hidden, int intermediate, int layers, int heads, int vocab, double bandwidth, Action<string> log)
    {
        var config = new ModelConfig
        {
            Architecture = "LlamaForCausalLM", HiddenSize = hidden, IntermediateSize = intermediate, Layers = layers, Heads = heads,
            KvHeads = heads, HeadDim = hidden / heads, VocabSize = vocab, RmsNormEps = 1e-5, RopeTheta = 10000, TieWordEmbeddings = false,
            QkvBias = false, OutputBias = false, MlpBias = false,
        };
        var weights = Transformer.ExpectedShapes(config).ToDictionary(p => p.Key, p => p.Key.EndsWith("norm.weight", StringComparison.Ordinal) ? ones(p.Value) : randn(p.Value) * 0.02f);
        using var transformer = Transformer.FromWeights(config, weights, CPU);
        var bytes = (transformer.ParameterCount - (long)vocab * hidden) * sizeof(float);
        var bound = bandwidth * 1e9 / bytes;
        // Rounds alternate the paths so that drift on a shared machine hits each; each keeps its best round.
        var paths = new Dictionary<string, Func<double>>
        {
            ["libtorch"] = () => 32 / LibtorchDecodeSeconds(transformer, 16, 32),
            ["engine"] = () => 32 / StepSeconds(transformer, 16, 32, productsOnly: false),
            ["products"] = () => 32 / StepSeconds(transformer, 16, 32, productsOnly: true),
            ["int8"] = () =>
            {
                transformer.UseInt8Decoding(true);
                try
                {
                    return 32 / StepSeconds(transformer, 16, 32, productsOnly: false);
                }
                finally
                {
                    transformer.UseInt8Decoding(false);
                }
            },
        };
        transformer.UseInt8Decoding(true);
        var int8Bytes = transformer.Int8!.Bytes;
        transformer.UseInt8Decoding(false);
        var best = paths.Keys.ToDictionary(k => k, _ => 0.0);
        using (no_grad())
        {
            foreach (var path in paths.Values)
            {
                path();
            }

            for (var round = 0; round < 4; round++)
            {
                foreach (var (key, path) in paths)
                {
                    best[key] = Math.Max(best[key], path());
                }
            }
        }

        var result = new DecodeComparison(name, transformer.ParameterCount, bytes, bound, best["libtorch"], best["engine"], best["products"], best["int8"], bandwidth * 1e9 / int8Bytes);
        log($"{name}: bound {bound:0.0} tok/s; libtorch {result.LibtorchTokensPerSecond:0.0} tok/s ({result.LibtorchTokensPerSecond / bound:P0}); engine {result.EngineTokensPerSecond:0.0} tok/s ({result.EngineOfBound:P0}); "
            + $"products alone {result.ProductsOnlyTokensPerSecond:0.0} tok/s ({result.ProductsOnlyTokensPerSecond / bound:P0}); int8 {result.Int8TokensPerSecond:0.0} tok/s ({result.Int8OverFp32:0.00}x fp32; int8 bound {result.Int8BoundTokensPerSecond:0.0})");
        return result;
    }

    /// <summary>Prefills, then times <paramref name="steps"/> greedy steps of <see cref="SingleSequenceStep"/> (or its products alone).</summary>
    private static double StepSeconds(Transformer transformer, int prompt, int steps, bool productsOnly)
    {
        using var cache = new KvCache(transformer.Config.Layers);
        var step = new SingleSequenceStep(transformer);
        int next;
        using (var scope = NewDisposeScope())
        {
            next = (int)transformer.Forward(randint(1, transformer.Config.VocabSize, [1, prompt]), null, cache, lastOnly: true).argmax().item<long>();
        }

        var watch = Stopwatch.StartNew();
        for (var s = 0; s < steps; s++)
        {
            if (productsOnly)
            {
                step.RunProductsOnly();
                continue;
            }

            var logits = step.Run(next, cache);
            next = Decoding.Pick(logits, Greedy, null!);
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Batch-1 decoding through <see cref="Transformer.Forward"/> with libtorch's own products (<see cref="MatVec.Enabled"/> off).</summary>
    private static double LibtorchDecodeSeconds(Transformer transformer, int prompt, int steps)
    {
        MatVec.Enabled = false;
        try
        {
            return DecodeSeconds(transformer, 1, prompt, steps);
        }
        finally
        {
            MatVec.Enabled = true;
        }
    }

    private static double MatmulGflops()
    {
        using var noGrad = no_grad();
        using var a = randn(1024, 1024);
        using var b = randn(1024, 1024);
        a.matmul(b).Dispose();
        var best = double.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
    }

    private static BenchmarkSize Measure(string name, int hidden, int intermediate, int layers, int vocab, double gflops, Action<string> log)
    {
        var config = new ModelConfig
        {
            Architecture = "LlamaForCausalLM", HiddenSize = hidden, IntermediateSize = intermediate, Layers = layers, Heads = hidden / 64,
            KvHeads = hidden / 64, HeadDim = 64, VocabSize = vocab, RmsNormEps = 1e-5, RopeTheta = 10000, TieWordEmbeddings = false,
            QkvBias = false, OutputBias = false, MlpBias = false,
        };
        var weights = Transformer.ExpectedShapes(config).ToDictionary(p => p.Key, p => p.Key.EndsWith("norm.weight", StringComparison.Ordinal) ? ones(p.Value) : randn(p.Value) * 0.02f);
        using var transformer = Transformer.FromWeights(config, weights, CPU);
        var parameters = transformer.ParameterCount;
        var matmulParameters = parameters - (long)vocab * hidden;
        var flopsPerSecond = gflops * 1e9;

        double prefill, decode1, decode16;
        using (no_grad())
        {
            prefill = PromptLength / Timed(2, () => DecodeSeconds(transformer, 1, PromptLength, 0));
            log($"{name}: prefill {prefill:0} tok/s");
            // Batch 1 as generation runs it: the single-sequence step.
            decode1 = 16 / Enumerable.Range(0, 3).Select(_ => StepSeconds(transformer, 16, 16, productsOnly: false)).Skip(1).Min();
            log($"{name}: decode batch 1 {decode1:0.0} tok/s");
            decode16 = 16 * 16 / Enumerable.Range(0, 3).Select(_ => DecodeSeconds(transformer, 16, 16, 16)).Skip(1).Min();
            log($"{name}: decode batch 16 {decode16:0.0} tok/s");
        }

        var train = Train(transformer, batch: 4, length: 128);
        var head = (long)vocab * hidden;
        var prefillFlopsPerToken = (2.0 * (matmulParameters - head) * PromptLength + 2.0 * head) / PromptLength;
        var adapterFlopsPerToken = 6.0 * AdapterRank * Transformer.Projections(config).Sum(p => p.In + p.Out);
        var result = new BenchmarkSize(name, parameters, matmulParameters, prefill, decode1, decode16, train,
            prefill * prefillFlopsPerToken / flopsPerSecond, decode1 * 2 * matmulParameters / flopsPerSecond,
            decode16 * 2 * matmulParameters / flopsPerSecond, train * (4.0 * matmulParameters + adapterFlopsPerToken) / flopsPerSecond);
        log($"{name}: {parameters / 1e6:0.0}M params; LoRA train {train:0} tok/s");
        return result;
    }

    /// <summary>Prefills, then times <paramref name="steps"/> decoding steps with the KV cache (the prefill is not timed).</summary>
    private static double DecodeSeconds(Transformer transformer, int batch, int prompt, int steps)
    {
        using var cache = new KvCache(transformer.Config.Layers);
        using var scope = NewDisposeScope();
        var ids = randint(1, transformer.Config.VocabSize, [batch, prompt]);
        var logits = transformer.Forward(ids, null, cache, lastOnly: true);
        var watch = Stopwatch.StartNew();
        for (var s = 0; s < steps; s++)
        {
            var next = logits.argmax(-1);
            logits = transformer.Forward(next, null, cache, lastOnly: true);
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static double Train(Transformer transformer, int batch, int length)
    {
        Lora.Attach(transformer, new LoraConfig { Rank = AdapterRank, Alpha = 2 * AdapterRank, Dropout = 0, TargetModules = LoraConfig.KnownTargets }, 0);
        var parameters = transformer.Lora.Values.SelectMany(l => new[] { l.A, l.B }).ToList();
        using var optimizer = optim.AdamW(parameters, 1e-4, 0.9, 0.999, 1e-8, 0, false, false);
        transformer.Training = true;
        var seconds = Timed(2, () =>
        {
            using var scope = NewDisposeScope();
            var ids = randint(1, transformer.Config.VocabSize, [batch, length]);
            var logits = transformer.Forward(ids, ones_like(ids));
            var loss = nn.functional.cross_entropy(logits[.., ..(length - 1)].reshape(-1, transformer.Config.VocabSize), ids[.., 1..].reshape(-1));
            loss.backward();
            optimizer.step();
            optimizer.zero_grad();
        });
        transformer.Training = false;
        foreach (var l in transformer.Lora.Values)
        {
            l.Dispose();
        }

        transformer.Lora.Clear();
        return batch * length / seconds;
    }

    /// <summary>Best of <paramref name="repeats"/> timings after one warm-up.</summary>
    private static double Timed(int repeats, Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }
}
