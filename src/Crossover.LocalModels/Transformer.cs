using Crossover.Core.Input;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>
/// The Llama-family decoder (Llama, Mistral, Qwen2) as a function of its checkpoint tensors: RMSNorm in float32,
/// rotary embeddings (rotate_half layout, rope_theta, linear or Llama-3 scaling), grouped-query attention,
/// SwiGLU MLP, tied or untied output head, optional LoRA on any linear projection. Weights are kept under their
/// Hugging Face names, so strict loading is a comparison of name sets and shapes and merged models save as-is.
/// </summary>
internal sealed class Transformer : IDisposable
{
    private const float MaskValue = -1e30f;
    private readonly Dictionary<string, Tensor> _weights;
    private readonly Tensor _invFreq;

    private Transformer(ModelConfig config, Dictionary<string, Tensor> weights, Device device)
    {
        Config = config;
        _weights = weights;
        Device = device;
        _invFreq = tensor(InverseFrequencies(config), ScalarType.Float32, device);
    }

    public ModelConfig Config { get; }

    public Device Device { get; }

    /// <summary>LoRA adapters by projection path (e.g. <c>model.layers.0.self_attn.q_proj</c>).</summary>
    public Dictionary<string, LoraLayer> Lora { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether dropout on the LoRA inputs is active.</summary>
    public bool Training { get; set; }

    /// <summary>Every tensor the checkpoint must hold, with its shape.</summary>
    public static Dictionary<string, long[]> ExpectedShapes(ModelConfig c)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["model.embed_tokens.weight"] = [c.VocabSize, c.HiddenSize],
            ["model.norm.weight"] = [c.HiddenSize],
        };
        if (!c.TieWordEmbeddings)
        {
            shapes["lm_head.weight"] = [c.VocabSize, c.HiddenSize];
        }

        foreach (var (path, outFeatures, inFeatures, bias) in Projections(c))
        {
            shapes[path + ".weight"] = [outFeatures, inFeatures];
            if (bias)
            {
                shapes[path + ".bias"] = [outFeatures];
            }
        }

        for (var i = 0; i < c.Layers; i++)
        {
            shapes[$"model.layers.{i}.input_layernorm.weight"] = [c.HiddenSize];
            shapes[$"model.layers.{i}.post_attention_layernorm.weight"] = [c.HiddenSize];
        }

        return shapes;
    }

    /// <summary>Every linear projection: path, out and in features, and whether it has a bias.</summary>
    public static IEnumerable<(string Path, long Out, long In, bool Bias)> Projections(ModelConfig c)
    {
        long q = (long)c.Heads * c.HeadDim, kv = (long)c.KvHeads * c.HeadDim;
        for (var i = 0; i < c.Layers; i++)
        {
            var p = $"model.layers.{i}.";
            yield return (p + "self_attn.q_proj", q, c.HiddenSize, c.QkvBias);
            yield return (p + "self_attn.k_proj", kv, c.HiddenSize, c.QkvBias);
            yield return (p + "self_attn.v_proj", kv, c.HiddenSize, c.QkvBias);
            yield return (p + "self_attn.o_proj", c.HiddenSize, q, c.OutputBias);
            yield return (p + "mlp.gate_proj", c.IntermediateSize, c.HiddenSize, c.MlpBias);
            yield return (p + "mlp.up_proj", c.IntermediateSize, c.HiddenSize, c.MlpBias);
            yield return (p + "mlp.down_proj", c.HiddenSize, c.IntermediateSize, c.MlpBias);
        }
    }

    /// <summary>Loads a model folder strictly: every expected tensor present with its shape, nothing else.</summary>
    public static Transformer Load(string directory, Device device)
    {
        var config = ModelConfig.Load(directory);
        var files = Safetensors.ModelFiles(directory);
        var weights = Safetensors.Read(files, ScalarType.Float32, device);
        try
        {
            var where = files.Count == 1 ? files[0] : directory;
            var expected = ExpectedShapes(config);
            if (config.TieWordEmbeddings && weights.Remove("lm_head.weight", out var tiedCopy))
            {
                // Some tied checkpoints also store the (identical) head; the embedding is used either way.
                tiedCopy.Dispose();
            }

            foreach (var (name, shape) in expected)
            {
                if (!weights.TryGetValue(name, out var w))
                {
                    throw new InputException($"missing tensor '{name}'", file: where, hint: "the checkpoint does not match config.json");
                }

                if (!w.shape.SequenceEqual(shape))
                {
                    throw new InputException($"tensor '{name}' has shape [{string.Join(", ", w.shape)}], config.json implies [{string.Join(", ", shape)}]", file: where);
                }
            }

            var unexpected = weights.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal).FirstOrDefault();
            if (unexpected is not null)
            {
                throw new InputException($"unexpected tensor '{unexpected}'", file: where, hint: "the checkpoint does not match config.json");
            }
        }
        catch
        {
            foreach (var w in weights.Values)
            {
                w.Dispose();
            }

            throw;
        }

        foreach (var w in weights.Values)
        {
            w.requires_grad = false;
        }

        return new Transformer(config, weights, device);
    }

    /// <summary>Builds a model from tensors already in memory (tests and benchmarks make random ones).</summary>
    public static Transformer FromWeights(ModelConfig config, Dictionary<string, Tensor> weights, Device device) => new(config, weights, device);

    /// <summary>The base weights by checkpoint name.</summary>
    public IReadOnlyDictionary<string, Tensor> Weights => _weights;

    /// <summary>The number of base parameters (the tied head counted once).</summary>
    public long ParameterCount => _weights.Values.Sum(w => w.NumberOfElements);

    /// <summary>Runs the decoder on new tokens, appending their keys and values to <paramref name="cache"/>.</summary>
    /// <param name="ids">Token ids [batch, new].</param>
    /// <param name="attentionMask">1 for real tokens, 0 for padding [batch, new].</param>
    /// <param name="cache">Keys and values of the earlier tokens; extended in place. Null for a one-off pass.</param>
    /// <param name="lastOnly">Return logits for the last position only ([batch, 1, vocab]).</param>
    /// <returns>Logits [batch, new or 1, vocab] in float32.</returns>
    public Tensor Forward(Tensor ids, Tensor attentionMask, KvCache? cache = null, bool lastOnly = false)
    {
        using var scope = NewDisposeScope();
        var c = Config;
        long batch = ids.shape[0], length = ids.shape[1];
        var past = cache?.Length ?? 0;
        var fullMask = cache?.Mask is { } earlier ? cat([earlier, attentionMask.to(ScalarType.Bool)], 1) : attentionMask.to(ScalarType.Bool);
        var positions = (fullMask.to(ScalarType.Int64).cumsum(1) - 1).clamp_min(0)[.., (int)past..];
        var totalKeys = past + length;
        var keyIndex = arange(totalKeys, device: Device).unsqueeze(0);
        var queryIndex = (arange(length, device: Device) + past).unsqueeze(1);
        var causal = keyIndex <= queryIndex;
        if (c.SlidingWindow is { } window)
        {
            // Padding sits only on the left, so within a row index distance equals position distance.
            causal &= keyIndex > queryIndex - window;
        }

        var allowed = causal.unsqueeze(0) & fullMask.unsqueeze(1);
        var mask = zeros([batch, 1, length, totalKeys], ScalarType.Float32, Device).masked_fill(allowed.logical_not().unsqueeze(1), MaskValue);

        var freqs = positions.to(ScalarType.Float32).unsqueeze(-1) * _invFreq;
        var emb = cat([freqs, freqs], -1).unsqueeze(1);
        var cos = emb.cos();
        var sin = emb.sin();

        var x = _weights["model.embed_tokens.weight"].index_select(0, ids.reshape(-1)).reshape(batch, length, c.HiddenSize);
        for (var i = 0; i < c.Layers; i++)
        {
            var p = $"model.layers.{i}.";
            var h = RmsNorm(x, _weights[p + "input_layernorm.weight"]);
            var q = Linear(h, p + "self_attn.q_proj").view(batch, length, c.Heads, c.HeadDim).transpose(1, 2);
            var k = Linear(h, p + "self_attn.k_proj").view(batch, length, c.KvHeads, c.HeadDim).transpose(1, 2);
            var v = Linear(h, p + "self_attn.v_proj").view(batch, length, c.KvHeads, c.HeadDim).transpose(1, 2);
            q = q * cos + RotateHalf(q) * sin;
            k = k * cos + RotateHalf(k) * sin;
            if (cache is not null)
            {
                (k, v) = cache.Append(i, k, v);
            }

            var groups = c.Heads / c.KvHeads;
            if (groups > 1)
            {
                k = k.repeat_interleave(groups, 1);
                v = v.repeat_interleave(groups, 1);
            }

            var attention = nn.functional.scaled_dot_product_attention(q, k, v, mask, 0.0, false);
            x = x + Linear(attention.transpose(1, 2).reshape(batch, length, (long)c.Heads * c.HeadDim), p + "self_attn.o_proj");
            h = RmsNorm(x, _weights[p + "post_attention_layernorm.weight"]);
            x = x + Linear(Linear(h, p + "mlp.gate_proj").silu() * Linear(h, p + "mlp.up_proj"), p + "mlp.down_proj");
        }

        if (lastOnly)
        {
            x = x.narrow(1, length - 1, 1);
        }

        x = RmsNorm(x, _weights["model.norm.weight"]);
        var head = c.TieWordEmbeddings ? _weights["model.embed_tokens.weight"] : _weights["lm_head.weight"];
        var logits = nn.functional.linear(x, head);
        cache?.Commit(fullMask);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Adds B·A·scale into each adapted projection's weight and drops the adapters.</summary>
    public void MergeLora()
    {
        using var noGrad = no_grad();
        foreach (var (path, lora) in Lora)
        {
            using var delta = lora.B.matmul(lora.A) * lora.Scale;
            _weights[path + ".weight"].add_(delta);
            lora.Dispose();
        }

        Lora.Clear();
    }

    public void Dispose()
    {
        foreach (var w in _weights.Values)
        {
            w.Dispose();
        }

        foreach (var l in Lora.Values)
        {
            l.Dispose();
        }

        _invFreq.Dispose();
    }

    private Tensor Linear(Tensor x, string path)
    {
        var y = nn.functional.linear(x, _weights[path + ".weight"], _weights.GetValueOrDefault(path + ".bias"));
        if (Lora.TryGetValue(path, out var lora))
        {
            var input = Training && lora.Dropout > 0 ? nn.functional.dropout(x, lora.Dropout, true) : x;
            y = y + nn.functional.linear(nn.functional.linear(input, lora.A), lora.B) * lora.Scale;
        }

        return y;
    }

    private Tensor RmsNorm(Tensor x, Tensor weight)
    {
        var x32 = x.to(ScalarType.Float32);
        var normed = x32 * (x32.pow(2).mean([-1L], keepdim: true) + Config.RmsNormEps).rsqrt();
        return weight * normed.to(x.dtype);
    }

    private static Tensor RotateHalf(Tensor x)
    {
        var half = x.shape[^1] / 2;
        return cat([-x[.., .., .., (int)half..], x[.., .., .., ..(int)half]], -1);
    }

    /// <summary>Rotary inverse frequencies 1/θ^(2j/d), rescaled as the config's rope_scaling says.</summary>
    private static float[] InverseFrequencies(ModelConfig c)
    {
        var result = new float[c.HeadDim / 2];
        var s = c.RopeScaling;
        for (var j = 0; j < result.Length; j++)
        {
            var inv = 1.0 / Math.Pow(c.RopeTheta, 2.0 * j / c.HeadDim);
            if (s?.Type == "linear")
            {
                inv /= s.Factor;
            }
            else if (s?.Type == "llama3")
            {
                // Llama 3.1's rule (transformers' _compute_llama3_parameters): long wavelengths are divided by the
                // factor, short ones kept, and the band in between interpolated smoothly.
                var lowWavelen = s.OriginalMaxPositions / s.LowFreqFactor;
                var highWavelen = s.OriginalMaxPositions / s.HighFreqFactor;
                var wavelen = 2 * Math.PI / inv;
                if (wavelen > lowWavelen)
                {
                    inv /= s.Factor;
                }
                else if (wavelen >= highWavelen)
                {
                    var smooth = (s.OriginalMaxPositions / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
                    inv = (1 - smooth) * inv / s.Factor + smooth * inv;
                }
            }

            result[j] = (float)inv;
        }

        return result;
    }
}

/// <summary>Keys and values of the tokens seen so far, per layer, plus which of them are padding.</summary>
internal sealed class KvCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;

    public KvCache(int layers)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
    }

    /// <summary>Tokens cached so far.</summary>
    public long Length { get; private set; }

    /// <summary>True for real tokens, false for padding [batch, Length]; null when empty.</summary>
    public Tensor? Mask { get; private set; }

    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var k = _keys[layer] is { } oldK ? cat([oldK, keys], 2) : keys.alias();
        var v = _values[layer] is { } oldV ? cat([oldV, values], 2) : values.alias();
        _keys[layer]?.Dispose();
        _values[layer]?.Dispose();
        _keys[layer] = k.detach().DetachFromDisposeScope();
        _values[layer] = v.detach().DetachFromDisposeScope();
        return (_keys[layer]!, _values[layer]!);
    }

    public void Commit(Tensor fullMask)
    {
        Mask?.Dispose();
        Mask = fullMask.alias().DetachFromDisposeScope();
        Length = fullMask.shape[1];
    }

    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values))
        {
            t?.Dispose();
        }

        Mask?.Dispose();
    }
}

/// <summary>One LoRA adapter: ΔW = B·A·(alpha/r), A [r, in] and B [out, r] trainable.</summary>
internal sealed class LoraLayer(Parameter a, Parameter b, double scale, double dropout) : IDisposable
{
    public Parameter A { get; } = a;

    public Parameter B { get; } = b;

    public double Scale { get; } = scale;

    public double Dropout { get; } = dropout;

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
