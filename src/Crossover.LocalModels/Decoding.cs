using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>Batched autoregressive decoding with a KV cache: prompts left-padded, one forward pass per new token.</summary>
internal static class Decoding
{
    public static IReadOnlyList<GenerationResult> Run(LocalModel model, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options, CancellationToken cancellationToken)
    {
        var transformer = model.Transformer;
        var batch = prompts.Count;
        if (batch == 0)
        {
            return [];
        }

        if (prompts.Any(p => p.Count == 0))
        {
            throw new ArgumentException("every prompt needs at least one token", nameof(prompts));
        }

        var stopIds = (options.StopTokenIds ?? model.EosTokenIds).ToHashSet();
        var random = new Random(options.Seed);
        var generated = Enumerable.Range(0, batch).Select(_ => new List<int>()).ToArray();
        var texts = new string?[batch];
        var finished = new bool[batch];
        var reasons = Enumerable.Repeat("length", batch).ToArray();
        var longest = prompts.Max(p => p.Count);
        var ids = new long[batch * longest];
        var mask = new long[batch * longest];
        for (var b = 0; b < batch; b++)
        {
            var pad = longest - prompts[b].Count;
            for (var t = 0; t < prompts[b].Count; t++)
            {
                ids[b * longest + pad + t] = prompts[b][t];
                mask[b * longest + pad + t] = 1;
            }
        }

        using var noGrad = no_grad();
        using var cache = new KvCache(transformer.Config.Layers);
        var device = transformer.Device;
        var input = tensor(ids, [batch, longest], device: device);
        var inputMask = tensor(mask, [batch, longest], device: device);
        for (var step = 0; step < options.MaxNewTokens; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            float[] logits;
            using (var scope = NewDisposeScope())
            {
                var output = transformer.Forward(input, inputMask, cache, lastOnly: true);
                logits = output.reshape(batch, -1).cpu().data<float>().ToArray();
            }

            input.Dispose();
            inputMask.Dispose();
            var vocab = logits.Length / batch;
            var next = new long[batch];
            var nextMask = new long[batch];
            for (var b = 0; b < batch; b++)
            {
                if (finished[b])
                {
                    continue;
                }

                var token = Pick(logits.AsSpan(b * vocab, vocab), options, random);
                next[b] = token;
                if (stopIds.Contains(token))
                {
                    finished[b] = true;
                    reasons[b] = "stop";
                    continue;
                }

                generated[b].Add(token);
                nextMask[b] = 1;
                if (options.StopStrings.Count > 0)
                {
                    var text = model.Tokenizer.Decode(generated[b]);
                    var cut = options.StopStrings.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
                    if (cut >= 0)
                    {
                        texts[b] = text[..cut];
                        finished[b] = true;
                        reasons[b] = "stop";
                    }
                }
            }

            if (finished.All(f => f) || step == options.MaxNewTokens - 1)
            {
                input = inputMask = empty(0);
                break;
            }

            input = tensor(next, [batch, 1], device: device);
            inputMask = tensor(nextMask, [batch, 1], device: device);
        }

        input.Dispose();
        inputMask.Dispose();
        return Enumerable.Range(0, batch)
            .Select(b => new GenerationResult(texts[b] ?? model.Tokenizer.Decode(generated[b]), generated[b], prompts[b].Count, reasons[b]))
            .ToList();
    }

    /// <summary>Greedy argmax at temperature 0; otherwise temperature, top-k, top-p, then a seeded draw.</summary>
    internal static int Pick(ReadOnlySpan<float> logits, GenerationOptions options, Random random)
    {
        if (options.Temperature <= 0)
        {
            var best = 0;
            for (var i = 1; i < logits.Length; i++)
            {
                if (logits[i] > logits[best])
                {
                    best = i;
                }
            }

            return best;
        }

        var order = Enumerable.Range(0, logits.Length).ToArray();
        var values = logits.ToArray();
        Array.Sort(values.Select(v => -v).ToArray(), order);
        var keep = options.TopK > 0 ? Math.Min(options.TopK, order.Length) : order.Length;
        var max = logits[order[0]];
        var probabilities = new double[keep];
        var total = 0.0;
        for (var i = 0; i < keep; i++)
        {
            probabilities[i] = Math.Exp((logits[order[i]] - max) / options.Temperature);
            total += probabilities[i];
        }

        var cumulative = 0.0;
        var nucleus = keep;
        for (var i = 0; i < keep; i++)
        {
            cumulative += probabilities[i] / total;
            if (cumulative >= options.TopP)
            {
                nucleus = i + 1;
                break;
            }
        }

        var mass = probabilities.Take(nucleus).Sum();
        var draw = random.NextDouble() * mass;
        for (var i = 0; i < nucleus; i++)
        {
            draw -= probabilities[i];
            if (draw <= 0)
            {
                return order[i];
            }
        }

        return order[nucleus - 1];
    }
}
