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
    private readonly string[] _layerPrefixes;
    private readonly List<Tensor> _outgrownTables = [];
    private readonly Lock _tablesLock = new();
    private Tensor? _cos;
    private Tensor? _sinSigned;
    private bool? _weightsReadableInPlace;

    private Transformer(ModelConfig config, Dictionary<string, Tensor> weights, Device device)
    {
        Config = config;
        _weights = weights;
        Device = device;
        _invFreq = tensor(InverseFrequencies(config), ScalarType.Float32, device);
        _layerPrefixes = Enumerable.Range(0, config.Layers).Select(i => $"model.layers.{i}.").ToArray();
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

    /// <summary>Runs the decoder on new tokens, writing their keys and values into <paramref name="cache"/>.</summary>
    /// <param name="ids">Token ids [batch, new].</param>
    /// <param name="attentionMask">1 for real tokens, 0 for padding [batch, new]; null when every token is real.</param>
    /// <param name="cache">Keys and values of the earlier tokens; extended in place. Null for a one-off pass.</param>
    /// <param name="lastOnly">Return logits for the last position only ([batch, 1, vocab]).</param>
    /// <returns>Logits [batch, new or 1, vocab] in float32.</returns>
    public Tensor Forward(Tensor ids, Tensor? attentionMask = null, KvCache? cache = null, bool lastOnly = false)
    {
        using var scope = NewDisposeScope();
        var c = Config;
        long batch = ids.shape[0], length = ids.shape[1];
        var past = cache?.Length ?? 0;
        var totalKeys = past + length;
        var newMask = attentionMask?.to(ScalarType.Bool);
        var padded = (cache?.Padded ?? false) || (newMask is not null && !newMask.all().item<bool>());
        newMask ??= ones([batch, length], ScalarType.Bool, Device);
        EnsureRotaryTables(totalKeys);

        // Without padding every row sits at the same positions, so the rotary rows are one slice of the tables.
        Tensor cos, sin;
        if (padded)
        {
            var before = cache is { Length: > 0 } ? cache.RealTokens : zeros([batch, 1], ScalarType.Int64, Device);
            var positions = (newMask.to(ScalarType.Int64).cumsum(1) - 1 + before).clamp_min(0).reshape(-1);
            cos = _cos!.index_select(0, positions).view(batch, 1, length, c.HeadDim);
            sin = _sinSigned!.index_select(0, positions).view(batch, 1, length, c.HeadDim);
        }
        else
        {
            cos = _cos!.narrow(0, past, length);
            sin = _sinSigned!.narrow(0, past, length);
        }

        // One query attending to unpadded keys within the window needs no mask at all (the common decoding step).
        Tensor? mask = null;
        if (padded || length > 1 || (c.SlidingWindow is { } w && totalKeys > w))
        {
            var fullMask = cache is { Length: > 0 } ? cat([cache.Mask, newMask], 1) : newMask;
            var keyIndex = arange(totalKeys, device: Device).unsqueeze(0);
            var queryIndex = (arange(length, device: Device) + past).unsqueeze(1);
            var causal = keyIndex <= queryIndex;
            if (c.SlidingWindow is { } window)
            {
                // Padding sits only on the left, so within a row index distance equals position distance.
                causal &= keyIndex > queryIndex - window;
            }

            var allowed = causal.unsqueeze(0) & fullMask.unsqueeze(1);
            mask = zeros([batch, 1, length, totalKeys], ScalarType.Float32, Device).masked_fill(allowed.logical_not().unsqueeze(1), MaskValue);
        }

        var groups = c.Heads / c.KvHeads;
        if (mask is not null && groups > 1)
        {
            // Queries are attended in kv-head groups (see below), so each group's rows repeat the mask.
            mask = mask.repeat(1, 1, groups, 1);
        }

        var x = _weights["model.embed_tokens.weight"].index_select(0, ids.reshape(-1)).reshape(batch, length, c.HiddenSize);
        for (var i = 0; i < c.Layers; i++)
        {
            var p = _layerPrefixes[i];
            var h = RmsNorm(x, _weights[p + "input_layernorm.weight"]);
            var q = Linear(h, p + "self_attn.q_proj").view(batch, length, c.Heads, c.HeadDim).transpose(1, 2);
            var k = Linear(h, p + "self_attn.k_proj").view(batch, length, c.KvHeads, c.HeadDim).transpose(1, 2);
            var v = Linear(h, p + "self_attn.v_proj").view(batch, length, c.KvHeads, c.HeadDim).transpose(1, 2);
            q = Rotate(q, cos, sin);
            k = Rotate(k, cos, sin);
            if (cache is not null)
            {
                (k, v) = cache.Write(i, k, v);
            }

            // Grouped-query attention without copying keys: the query heads that share a kv head are stacked as rows
            // of one [groups·new] query block against that kv head (heads are numbered kv-head-major, as in transformers).
            var grouped = groups > 1 ? q.reshape(batch, c.KvHeads, groups * length, c.HeadDim) : q;
            var attention = nn.functional.scaled_dot_product_attention(grouped, k, v, mask, 0.0, false);
            if (groups > 1)
            {
                attention = attention.view(batch, c.Heads, length, c.HeadDim);
            }

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
        var logits = Project(x, head, null);
        cache?.Commit(newMask, padded);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Whether <see cref="SingleSequenceStep"/> can read the weights where they lie: fp32, contiguous, on the CPU (checked
    /// once; loading makes them so, and merging adapters writes into them in place).
    /// </summary>
    public bool WeightsReadableInPlace => _weightsReadableInPlace ??=
        Device.type == TorchSharp.DeviceType.CPU && _weights.Values.All(w => w.dtype == ScalarType.Float32 && w.is_contiguous());

    /// <summary>Int8 copies of the projections and the head for single-sequence decoding, when turned on (<see cref="UseInt8Decoding"/>).</summary>
    public Int8Weights? Int8 { get; private set; }

    /// <summary>
    /// Turns weight-only int8 decoding on (quantizing the projections and the output head once) or off. It changes the
    /// model's outputs slightly (docs/local-engine.md), so it is never on by default.
    /// </summary>
    public void UseInt8Decoding(bool enabled)
    {
        if (enabled && Int8 is null)
        {
            var head = Config.TieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight";
            var matrices = Projections(Config).Select(p => p.Path + ".weight").Append(head);
            Int8 = new Int8Weights(matrices.Select(name => KeyValuePair.Create(name, _weights[name])));
        }
        else if (!enabled)
        {
            Int8 = null;
        }
    }

    /// <summary>The cos and sign-folded sin tables [positions or more, head dim], grown to cover <paramref name="positions"/>.</summary>
    public (Tensor Cos, Tensor SinSigned) RotaryTables(long positions)
    {
        lock (_tablesLock)
        {
            if (_cos is null || _cos.shape[0] < positions)
            {
                GrowRotaryTables(positions);
            }

            return (_cos!, _sinSigned!);
        }
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
        if (Int8 is not null)
        {
            // The merged weights changed, so their int8 copies are made again.
            Int8 = null;
            UseInt8Decoding(true);
        }
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
        _cos?.Dispose();
        _sinSigned?.Dispose();
        foreach (var t in _outgrownTables)
        {
            t.Dispose();
        }
    }

    private Tensor Linear(Tensor x, string path)
    {
        var y = Project(x, _weights[path + ".weight"], _weights.GetValueOrDefault(path + ".bias"));
        if (Lora.TryGetValue(path, out var lora))
        {
            var input = Training && lora.Dropout > 0 ? nn.functional.dropout(x, lora.Dropout, true) : x;
            y = y + nn.functional.linear(nn.functional.linear(input, lora.A), lora.B) * lora.Scale;
        }

        return y;
    }

    /// <summary>x·Wᵀ + b: a decoding step's single row goes to the bandwidth-bound <see cref="MatVec"/>, the rest to libtorch.</summary>
    private static Tensor Project(Tensor x, Tensor weight, Tensor? bias) =>
        MatVec.Applies(x, weight) ? MatVec.Multiply(x, weight, bias) : nn.functional.linear(x, weight, bias);

    private Tensor RmsNorm(Tensor x, Tensor weight)
    {
        var x32 = x.to(ScalarType.Float32);
        var normed = x32 * (x32.pow(2).mean([-1L], keepdim: true) + Config.RmsNormEps).rsqrt();
        return weight * normed.to(x.dtype);
    }

    /// <summary>Rotary embedding in the rotate_half layout: x·cos + cat(−x₂, x₁)·sin, as x·cos + roll(x)·(−sin₁, sin₂).</summary>
    private static Tensor Rotate(Tensor x, Tensor cos, Tensor sinSigned) => x * cos + x.roll(x.shape[^1] / 2, -1) * sinSigned;

    /// <summary>Grows the cos and sign-folded sin tables (doubling) until they cover <paramref name="positions"/> positions.</summary>
    private void EnsureRotaryTables(long positions)
    {
        lock (_tablesLock)
        {
            if (_cos is null || _cos.shape[0] < positions)
            {
                GrowRotaryTables(positions);
            }
        }
    }

    private void GrowRotaryTables(long positions)
    {
        var rows = Math.Max(positions, Math.Max(64, 2 * (_cos?.shape[0] ?? 0)));
        using var scope = NewDisposeScope();
        var freqs = arange(rows, device: Device).to(ScalarType.Float32).unsqueeze(-1) * _invFreq;
        var emb = cat([freqs, freqs], -1);
        var sin = emb.sin();
        var half = Config.HeadDim / 2;
        var sinSigned = cat([-sin.narrow(1, 0, half), sin.narrow(1, half, half)], 1);
        if (_cos is not null)
        {
            // Another thread may still be reading the old tables; they are freed with the model.
            _outgrownTables.Add(_cos);
            _outgrownTables.Add(_sinSigned!);
        }

        _cos = emb.cos().DetachFromDisposeScope();
        _sinSigned = sinSigned.DetachFromDisposeScope();
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

/// <summary>
/// Keys and values of the tokens seen so far, per layer, preallocated and written in place, plus which of them are
/// padding. Rows are sequences; padding sits only on the left of each row. Rows can leave (<see cref="Keep"/>) and
/// caches can be joined (<see cref="Join"/>): that is how continuous batching moves sequences in and out.
/// </summary>
internal sealed class KvCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;
    private Tensor? _mask;
    private Tensor? _realTokens;

    public KvCache(int layers)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
    }

    /// <summary>Columns cached so far (padding included).</summary>
    public long Length { get; private set; }

    /// <summary>Rows (sequences) in the cache.</summary>
    public long Rows => _realTokens?.shape[0] ?? 0;

    /// <summary>Whether any cached column of any row is padding.</summary>
    public bool Padded { get; private set; }

    /// <summary>True for real tokens, false for padding [rows, Length].</summary>
    public Tensor Mask => _mask!.narrow(1, 0, Length);

    /// <summary>Real tokens per row [rows, 1] (the position of each row's next token).</summary>
    public Tensor RealTokens => _realTokens!;

    /// <summary>Writes one layer's new keys and values after the cached ones; returns views of all of them.</summary>
    public (Tensor Keys, Tensor Values) Write(int layer, Tensor keys, Tensor values)
    {
        var added = keys.shape[2];
        if (_keys[layer] is not { } cachedKeys || Length + added > cachedKeys.shape[2] || cachedKeys.shape[0] != keys.shape[0])
        {
            var capacity = Capacity(Length + added);
            Replace(ref _keys[layer], Regrown(_keys[layer], keys, Length, capacity));
            Replace(ref _values[layer], Regrown(_values[layer], values, Length, capacity));
        }

        _keys[layer]!.narrow(2, Length, added).copy_(keys);
        _values[layer]!.narrow(2, Length, added).copy_(values);
        return (_keys[layer]!.narrow(2, 0, Length + added), _values[layer]!.narrow(2, 0, Length + added));
    }

    /// <summary>Columns each layer's key and value buffers hold before they must grow.</summary>
    public long ColumnCapacity => _keys[0]?.shape[2] ?? 0;

    /// <summary>Layer <paramref name="layer"/>'s keys [rows, kv heads, <see cref="ColumnCapacity"/>, head dim], written in place.</summary>
    public Tensor KeyBuffer(int layer) => _keys[layer]!;

    /// <summary>Layer <paramref name="layer"/>'s values, laid out as <see cref="KeyBuffer"/>.</summary>
    public Tensor ValueBuffer(int layer) => _values[layer]!;

    /// <summary>Grows every layer's buffers (as <see cref="Write"/> does) so that <paramref name="added"/> more columns fit.</summary>
    public void Reserve(long added)
    {
        if (_keys[0] is { } keys && Length + added <= keys.shape[2])
        {
            return;
        }

        var capacity = Capacity(Length + added);
        for (var layer = 0; layer < _keys.Length; layer++)
        {
            Replace(ref _keys[layer], Regrown(_keys[layer], _keys[layer]!, Length, capacity));
            Replace(ref _values[layer], Regrown(_values[layer], _values[layer]!, Length, capacity));
        }
    }

    /// <summary>Records <paramref name="added"/> real (unpadded) columns in every row, written directly into the buffers.</summary>
    public void CommitReal(long added)
    {
        if (Length + added > _mask!.shape[1])
        {
            Replace(ref _mask, Regrown(_mask, _mask, Length, Capacity(Length + added)));
        }

        _mask!.narrow(1, Length, added).fill_(true);
        _realTokens!.add_(added);
        Length += added;
    }

    /// <summary>Records the new columns' padding mask once every layer has written them.</summary>
    public void Commit(Tensor newMask, bool padded)
    {
        var added = newMask.shape[1];
        if (_mask is null || Length + added > _mask.shape[1] || _mask.shape[0] != newMask.shape[0])
        {
            Replace(ref _mask, Regrown(_mask, newMask, Length, Capacity(Length + added)));
        }

        _mask!.narrow(1, Length, added).copy_(newMask);
        var counted = newMask.to(ScalarType.Int64).sum(1, keepdim: true);
        Replace(ref _realTokens, _realTokens is null ? counted : _realTokens + counted);
        Length += added;
        Padded = padded;
    }

    /// <summary>Keeps only the given rows, in that order, and drops leading columns that are padding in every row kept.</summary>
    public void Keep(IReadOnlyList<long> rows)
    {
        if (Rows == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        var index = tensor(rows.ToArray(), device: _realTokens!.device);
        var mask = Mask.index_select(0, index);
        var from = rows.Count == 0 ? Length : mask.any(0).to(ScalarType.Int64).argmax().item<long>();
        var length = Length - from;
        var capacity = Capacity(length);
        for (var layer = 0; layer < _keys.Length; layer++)
        {
            Replace(ref _keys[layer], Slice(_keys[layer]!.index_select(0, index), from, length, capacity));
            Replace(ref _values[layer], Slice(_values[layer]!.index_select(0, index), from, length, capacity));
        }

        Replace(ref _mask, Slice(mask, from, length, capacity));
        Replace(ref _realTokens, _realTokens!.index_select(0, index));
        Length = length;
        Padded = rows.Count > 0 && !Mask.all().item<bool>();
    }

    /// <summary>A new cache of <paramref name="rows"/> rows, each holding this one-row cache's first <paramref name="columns"/> columns.</summary>
    public KvCache Repeat(long columns, long rows)
    {
        var result = new KvCache(_keys.Length);
        using var scope = NewDisposeScope();
        var capacity = Capacity(columns);
        for (var layer = 0; layer < _keys.Length; layer++)
        {
            result._keys[layer] = Repeated(_keys[layer]!, columns, rows, capacity).DetachFromDisposeScope();
            result._values[layer] = Repeated(_values[layer]!, columns, rows, capacity).DetachFromDisposeScope();
        }

        result._mask = Repeated(_mask!, columns, rows, capacity).DetachFromDisposeScope();
        result._realTokens = full([rows, 1], columns, ScalarType.Int64, _realTokens!.device).DetachFromDisposeScope();
        result.Length = columns;
        return result;
    }

    /// <summary>Appends the rows of <paramref name="other"/> (which is emptied) after this cache's rows, left-padding the shorter.</summary>
    public void Join(KvCache other)
    {
        if (other.Rows == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        var length = Math.Max(Length, other.Length);
        var capacity = Capacity(length);
        for (var layer = 0; layer < _keys.Length; layer++)
        {
            Replace(ref _keys[layer], Stack(_keys[layer], Length, other._keys[layer]!, other.Length, length, capacity));
            Replace(ref _values[layer], Stack(_values[layer], Length, other._values[layer]!, other.Length, length, capacity));
        }

        Padded = Padded || other.Padded || (Rows > 0 && Length != other.Length);
        Replace(ref _mask, Stack(_mask, Length, other._mask!, other.Length, length, capacity));
        Replace(ref _realTokens, (_realTokens is null ? other._realTokens!.clone() : cat([_realTokens, other._realTokens!], 0)));
        Length = length;
        other.Keep([]);
    }

    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values))
        {
            t?.Dispose();
        }

        _mask?.Dispose();
        _realTokens?.Dispose();
    }

    /// <summary>Room for <paramref name="length"/> columns and as many again, so appends rarely reallocate.</summary>
    private static long Capacity(long length) => Math.Max(64, 2 * length);

    private static void Replace(ref Tensor? slot, Tensor value)
    {
        var old = slot;
        slot = value.DetachFromDisposeScope();
        if (!ReferenceEquals(old, value))
        {
            old?.Dispose();
        }
    }

    /// <summary>A tensor shaped like <paramref name="like"/> along its column axis (2 for keys/values, 1 for the mask), of capacity columns.</summary>
    private static Tensor Blank(Tensor like, long rows, long capacity)
    {
        var shape = like.shape.ToArray();
        shape[0] = rows;
        shape[ColumnAxis(like)] = capacity;
        return zeros(shape, like.dtype, like.device);
    }

    private static long ColumnAxis(Tensor t) => t.dim() == 2 ? 1 : 2;

    /// <summary>A larger buffer holding the first <paramref name="length"/> columns of <paramref name="cached"/> (if any).</summary>
    private static Tensor Regrown(Tensor? cached, Tensor like, long length, long capacity)
    {
        var result = Blank(like, like.shape[0], capacity);
        if (cached is not null && length > 0)
        {
            result.narrow(ColumnAxis(like), 0, length).copy_(cached.narrow(ColumnAxis(like), 0, length));
        }

        return result;
    }

    private static Tensor Slice(Tensor rows, long from, long length, long capacity)
    {
        var result = Blank(rows, rows.shape[0], capacity);
        result.narrow(ColumnAxis(rows), 0, length).copy_(rows.narrow(ColumnAxis(rows), from, length));
        return result;
    }

    private static Tensor Repeated(Tensor row, long columns, long rows, long capacity)
    {
        var axis = ColumnAxis(row);
        var result = Blank(row, rows, capacity);
        result.narrow(axis, 0, columns).copy_(row.narrow(axis, 0, columns).expand(Enumerable.Range(0, (int)row.dim()).Select(d => d == 0 ? rows : d == axis ? columns : row.shape[d]).ToArray()));
        return result;
    }

    /// <summary>The rows of both caches in one buffer, each right-aligned at column <paramref name="length"/>.</summary>
    private static Tensor Stack(Tensor? first, long firstLength, Tensor second, long secondLength, long length, long capacity)
    {
        var firstRows = first?.shape[0] ?? 0;
        var axis = ColumnAxis(second);
        var result = Blank(second, firstRows + second.shape[0], capacity);
        if (first is not null)
        {
            result.narrow(0, 0, firstRows).narrow(axis, length - firstLength, firstLength).copy_(first.narrow(axis, 0, firstLength));
        }

        result.narrow(0, firstRows, second.shape[0]).narrow(axis, length - secondLength, secondLength).copy_(second.narrow(axis, 0, secondLength));
        return result;
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
