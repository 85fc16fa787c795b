using System.Diagnostics;
using Crossover.Core.Input;
using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>Autoregressive decoding with a KV cache: all prompts prefilled in one left-padded pass, then one pass per new token.</summary>
internal static class Decoding
{
    public static IReadOnlyList<GenerationResult> Run(LocalModel model, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options, CancellationToken cancellationToken)
    {
        if (prompts.Count == 0)
        {
            return [];
        }

        var sequences = prompts.Select(p => new DecodingSequence(p, options, model)).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        using var noGrad = no_grad();
        using var batch = new DecodingBatch(model);
        var clock = Stopwatch.StartNew();
        batch.Admit(sequences);
        var prefill = clock.Elapsed.TotalSeconds;
        while (batch.Active.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Step();
        }

        var timing = new GenerationTiming(prefill, clock.Elapsed.TotalSeconds - prefill, prompts.Sum(p => (long)p.Count), batch.DecodedTokens);
        return sequences.Select(s => s.Result(model.Tokenizer) with { Timing = timing }).ToList();
    }

    /// <summary>The natural-log probability of <paramref name="token"/> under the softmax of <paramref name="logits"/> (log-sum-exp shifted by the maximum, so large logits do not overflow).</summary>
    internal static double LogProbability(ReadOnlySpan<float> logits, int token)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }

        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - max);
        }

        return logits[token] - max - Math.Log(sum);
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

/// <summary>One prompt being continued: its own sampling options, seeded random stream and stop conditions.</summary>
internal sealed class DecodingSequence
{
    private readonly HashSet<int> _stopIds;
    private readonly Random _random;
    private readonly int? _maxPositions;
    private readonly List<int> _generated = [];
    private readonly List<double>? _logProbs;
    private string? _cutText;
    private string _reason = "length";

    /// <exception cref="InputException">The prompt fills the model's context.</exception>
    public DecodingSequence(IReadOnlyList<int> prompt, GenerationOptions options, LocalModel model)
    {
        if (prompt.Count == 0)
        {
            throw new ArgumentException("every prompt needs at least one token", nameof(prompt));
        }

        _maxPositions = model.Transformer.Config.MaxPositions;
        if (prompt.Count >= _maxPositions)
        {
            throw new InputException($"the prompt has {prompt.Count} tokens; the model's context (max_position_embeddings) is {_maxPositions}", field: "prompt");
        }

        Prompt = prompt;
        Options = options;
        _stopIds = (options.StopTokenIds ?? model.EosTokenIds).ToHashSet();
        _random = new Random(options.Seed);
        _logProbs = options.LogProbs ? [] : null;
        Finished = options.MaxNewTokens == 0;
    }

    public IReadOnlyList<int> Prompt { get; }

    public GenerationOptions Options { get; }

    /// <summary>The token to feed at the next step (the last one picked).</summary>
    public int Next { get; private set; }

    public bool Finished { get; private set; }

    /// <summary>Picks the next token from this sequence's logits and checks its stop conditions.</summary>
    public void Accept(ReadOnlySpan<float> logits, HfTokenizer tokenizer)
    {
        var token = Decoding.Pick(logits, Options, _random);
        if (_stopIds.Contains(token))
        {
            Finished = true;
            _reason = "stop";
            return;
        }

        _generated.Add(token);
        _logProbs?.Add(Decoding.LogProbability(logits, token));
        Next = token;
        if (Options.StopStrings.Count > 0)
        {
            var text = tokenizer.Decode(_generated);
            var cut = Options.StopStrings.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            if (cut >= 0)
            {
                _cutText = text[..cut];
                Finished = true;
                _reason = "stop";
                return;
            }
        }

        // Never past the context the model was trained for: prompt and answer together fit max_position_embeddings.
        Finished = _generated.Count >= Options.MaxNewTokens || Prompt.Count + _generated.Count >= _maxPositions;
    }

    public GenerationResult Result(HfTokenizer tokenizer) => new(_cutText ?? tokenizer.Decode(_generated), _generated, Prompt.Count, _reason) { LogProbs = _logProbs };
}

/// <summary>
/// The sequences being decoded together and their shared KV cache. Sequences join between steps (prefilled together,
/// left-padded, then joined to the cache) and leave as soon as they finish, so one batch can serve a stream of requests.
/// Callers run it under <c>no_grad</c> on one thread at a time.
/// </summary>
internal sealed class DecodingBatch(LocalModel model) : IDisposable
{
    /// <summary>Prompt heads shorter than this are prefilled with the rest of the prompt.</summary>
    private const int MinSharedPrefix = 8;

    private readonly KvCache _cache = new(model.Transformer.Config.Layers);
    private readonly List<DecodingSequence> _active = [];
    private int[] _prefix = [];
    private KvCache? _prefixCache;
    private SingleSequenceStep? _singleStep;

    /// <summary>Tokens decoded by <see cref="Step"/> so far, summed over sequences.</summary>
    public long DecodedTokens { get; private set; }

    /// <summary>The unfinished sequences, in cache row order.</summary>
    public IReadOnlyList<DecodingSequence> Active => _active;

    /// <summary>Prefills the new sequences in one pass, picks their first tokens, and keeps the unfinished ones.</summary>
    public void Admit(IReadOnlyList<DecodingSequence> joining)
    {
        var starting = joining.Where(s => !s.Finished).ToList();
        if (starting.Count == 0)
        {
            return;
        }

        var shared = SharedPrefix(starting);
        var longest = starting.Max(s => s.Prompt.Count) - shared;
        var ids = new long[starting.Count * longest];
        var mask = new long[starting.Count * longest];
        for (var b = 0; b < starting.Count; b++)
        {
            var prompt = starting[b].Prompt;
            var pad = longest - (prompt.Count - shared);
            for (var t = shared; t < prompt.Count; t++)
            {
                ids[b * longest + pad + t - shared] = prompt[t];
                mask[b * longest + pad + t - shared] = 1;
            }
        }

        var device = model.Transformer.Device;
        using var prefill = shared > 0 ? _prefixCache!.Repeat(shared, starting.Count) : new KvCache(model.Transformer.Config.Layers);
        using (var scope = NewDisposeScope())
        {
            var logits = model.Transformer.Forward(tensor(ids, [starting.Count, longest], device: device), tensor(mask, [starting.Count, longest], device: device), prefill, lastOnly: true);
            AcceptAll(starting, logits);
        }

        _cache.Join(prefill);
        _active.AddRange(starting);
        DropFinished();
    }

    /// <summary>Feeds every active sequence its last token and picks the next one.</summary>
    public void Step()
    {
        if (_active.Count == 0)
        {
            return;
        }

        if (_active.Count == 1 && SingleSequenceStep.Applies(model.Transformer, _cache))
        {
            _singleStep ??= new SingleSequenceStep(model.Transformer);
            _active[0].Accept(_singleStep.Run(_active[0].Next, _cache), model.Tokenizer);
            DecodedTokens++;
            DropFinished();
            return;
        }

        using (var scope = NewDisposeScope())
        {
            var next = _active.Select(s => (long)s.Next).ToArray();
            var logits = model.Transformer.Forward(tensor(next, [next.Length, 1], device: model.Transformer.Device), null, _cache, lastOnly: true);
            AcceptAll(_active, logits);
        }

        DecodedTokens += _active.Count;
        DropFinished();
    }

    /// <summary>Takes sequences out of the batch before they finish (their callers gave up).</summary>
    public void Remove(IReadOnlySet<DecodingSequence> leaving)
    {
        Keep(s => !leaving.Contains(s));
    }

    public void Dispose()
    {
        _cache.Dispose();
        _prefixCache?.Dispose();
    }

    /// <summary>
    /// How many leading prompt tokens the joining sequences share with each other (or, for one sequence, with the
    /// previous shared head), computed once and reused: evaluation prompts repeat the same instructions and labels in
    /// every call. Each sequence keeps at least its last token to prefill, since that pass gives its first logits.
    /// Models with a sliding window are left out, as their masks assume padding only at the start of a row.
    /// </summary>
    private int SharedPrefix(IReadOnlyList<DecodingSequence> starting)
    {
        if (model.Transformer.Config.SlidingWindow is not null)
        {
            return 0;
        }

        var limit = starting.Min(s => s.Prompt.Count) - 1;
        var first = starting[0].Prompt;
        var common = 0;
        while (common < limit && starting.All(s => s.Prompt[common] == first[common]))
        {
            common++;
        }

        var reused = 0;
        while (reused < common && reused < _prefix.Length && _prefix[reused] == first[reused])
        {
            reused++;
        }

        if (reused >= MinSharedPrefix && (reused == common || starting.Count == 1))
        {
            return reused;
        }

        if (starting.Count == 1 || common < MinSharedPrefix)
        {
            return 0;
        }

        var head = first.Take(common).Select(t => (long)t).ToArray();
        var cache = new KvCache(model.Transformer.Config.Layers);
        using (var scope = NewDisposeScope())
        {
            model.Transformer.Forward(tensor(head, [1, head.Length], device: model.Transformer.Device), null, cache, lastOnly: true);
        }

        _prefixCache?.Dispose();
        _prefixCache = cache;
        _prefix = first.Take(common).ToArray();
        return common;
    }

    private void AcceptAll(IReadOnlyList<DecodingSequence> sequences, Tensor logits)
    {
        var values = logits.reshape(sequences.Count, -1).cpu().data<float>().ToArray();
        var vocab = values.Length / sequences.Count;
        for (var b = 0; b < sequences.Count; b++)
        {
            sequences[b].Accept(values.AsSpan(b * vocab, vocab), model.Tokenizer);
        }
    }

    private void DropFinished() => Keep(s => !s.Finished);

    private void Keep(Func<DecodingSequence, bool> stays)
    {
        var rows = new List<long>();
        for (var i = 0; i < _active.Count; i++)
        {
            if (stays(_active[i]))
            {
                rows.Add(i);
            }
        }

        if (rows.Count == _active.Count)
        {
            return;
        }

        _cache.Keep(rows);
        var kept = rows.Select(r => _active[(int)r]).ToList();
        _active.Clear();
        _active.AddRange(kept);
    }
}
