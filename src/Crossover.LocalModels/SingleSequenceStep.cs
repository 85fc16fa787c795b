using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Crossover.LocalModels;

/// <summary>
/// One decoding step of one sequence computed in C# over the model's fp32 weights in place (or their int8 copies), the
/// way llama2.c's <c>run.c</c> does it: no TorchSharp call per operation (about 300 per token through
/// <see cref="Transformer.Forward"/>), buffers allocated once, keys and values written straight into the
/// <see cref="KvCache"/>, and the matrix-vector products run as a few parallel passes over all cores
/// (<see cref="MatVec.Run"/>: q/k/v together, gate/up together). The arithmetic is the same as
/// <see cref="Transformer.Forward"/>'s (float32 throughout, the same rotary tables), summed in a different order, so
/// logits agree to rounding. One instance per <see cref="DecodingBatch"/> (its buffers are not shared).
/// </summary>
internal sealed unsafe class SingleSequenceStep
{
    private readonly Transformer _transformer;
    private readonly ModelConfig _config;
    private readonly float[] _x;
    private readonly float[] _normed;
    private readonly float[] _q;
    private readonly float[] _k;
    private readonly float[] _v;
    private readonly float[] _attention;
    private readonly float[] _projected;
    private readonly float[] _gate;
    private readonly float[] _up;
    private readonly float[] _logits;
    private float[] _scores = GC.AllocateArray<float>(64, pinned: true);
    private Layer[] _layers = [];
    private RowProduct[] _head = [];
    private float* _finalNorm;
    private Int8Weights? _builtFor;
    private bool _built;

    public SingleSequenceStep(Transformer transformer)
    {
        _transformer = transformer;
        _config = transformer.Config;
        var c = _config;
        _x = Pinned(c.HiddenSize);
        _normed = Pinned(c.HiddenSize);
        _q = Pinned(c.Heads * c.HeadDim);
        _k = Pinned(c.KvHeads * c.HeadDim);
        _v = Pinned(c.KvHeads * c.HeadDim);
        _attention = Pinned(c.Heads * c.HeadDim);
        _projected = Pinned(c.HiddenSize);
        _gate = Pinned(c.IntermediateSize);
        _up = Pinned(c.IntermediateSize);
        _logits = Pinned(c.VocabSize);
    }

    /// <summary>
    /// Whether this step can continue <paramref name="cache"/>: one unpadded, already prefilled row, fp32 contiguous
    /// weights on the CPU, no LoRA adapters (merged ones are fine), and <see cref="MatVec.Enabled"/>.
    /// </summary>
    public static bool Applies(Transformer transformer, KvCache cache) =>
        MatVec.Enabled && transformer.WeightsReadableInPlace && transformer.Lora.Count == 0 && cache.Rows == 1 && cache.Length > 0 && !cache.Padded;

    /// <summary>Feeds <paramref name="token"/> at the next position of <paramref name="cache"/> and returns the logits (valid until the next call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<float> Run(int token, KvCache cache)
    {
        if (!_built || !ReferenceEquals(_builtFor, _transformer.Int8))
        {
            Build();
        }

        var c = _config;
        int hidden = c.HiddenSize, headDim = c.HeadDim, groups = c.Heads / c.KvHeads;
        var position = cache.Length;
        var (cosTable, sinTable) = _transformer.RotaryTables(position + 1);
        var cos = (float*)MatVec.DataPointer(cosTable) + position * headDim;
        var sin = (float*)MatVec.DataPointer(sinTable) + position * headDim;
        cache.Reserve(1);
        var capacity = cache.ColumnCapacity;
        var keys = position + 1;
        var first = c.SlidingWindow is { } window && keys > window ? keys - window : 0;
        if (_scores.Length < keys)
        {
            _scores = Pinned((int)Math.Max(keys, 2L * _scores.Length));
        }

        var embedding = (float*)MatVec.DataPointer(_transformer.Weights["model.embed_tokens.weight"]);
        float* x = Address(_x), normed = Address(_normed), q = Address(_q), k = Address(_k), attention = Address(_attention), projected = Address(_projected),
            gate = Address(_gate), up = Address(_up), scores = Address(_scores), v = Address(_v);
        new ReadOnlySpan<float>(embedding + (long)token * hidden, hidden).CopyTo(_x);
        var scale = 1f / MathF.Sqrt(headDim);
        for (var i = 0; i < _layers.Length; i++)
        {
            var layer = _layers[i];
            RmsNorm(x, layer.InputNorm, normed, hidden);
            MatVec.Run(layer.Qkv);
            for (var h = 0; h < c.Heads; h++)
            {
                Rotate(q + h * headDim, cos, sin, headDim);
            }

            for (var h = 0; h < c.KvHeads; h++)
            {
                Rotate(k + h * headDim, cos, sin, headDim);
            }

            var keyBuffer = (float*)MatVec.DataPointer(cache.KeyBuffer(i));
            var valueBuffer = (float*)MatVec.DataPointer(cache.ValueBuffer(i));
            for (var h = 0; h < c.KvHeads; h++)
            {
                new ReadOnlySpan<float>(k + h * headDim, headDim).CopyTo(new Span<float>(keyBuffer + ((h * capacity) + position) * headDim, headDim));
                new ReadOnlySpan<float>(v + h * headDim, headDim).CopyTo(new Span<float>(valueBuffer + ((h * capacity) + position) * headDim, headDim));
            }

            for (var h = 0; h < c.Heads; h++)
            {
                // Query heads are numbered kv-head-major: head h reads kv head h / groups.
                var kvHead = h / groups;
                Attend(q + h * headDim, keyBuffer + kvHead * capacity * headDim, valueBuffer + kvHead * capacity * headDim, first, keys, headDim, scale, scores, attention + h * headDim);
            }

            MatVec.Run(layer.Output);
            Add(x, projected, hidden);
            RmsNorm(x, layer.PostNorm, normed, hidden);
            MatVec.Run(layer.GateUp);
            for (var j = 0; j < c.IntermediateSize; j++)
            {
                var g = gate[j];
                gate[j] = g / (1f + MathF.Exp(-g)) * up[j];
            }

            MatVec.Run(layer.Down);
            Add(x, projected, hidden);
        }

        RmsNorm(x, _finalNorm, normed, hidden);
        MatVec.Run(_head);

        cache.CommitReal(1);
        GC.KeepAlive(cosTable);
        GC.KeepAlive(sinTable);
        return _logits;
    }

    /// <summary>
    /// Runs only the step's matrix-vector passes (every weight read once, on whatever the buffers hold): the benchmark
    /// times this against <see cref="Run"/> to split a step into weight streaming and everything else.
    /// </summary>
    public void RunProductsOnly()
    {
        if (!_built || !ReferenceEquals(_builtFor, _transformer.Int8))
        {
            Build();
        }

        foreach (var layer in _layers)
        {
            MatVec.Run(layer.Qkv);
            MatVec.Run(layer.Output);
            MatVec.Run(layer.GateUp);
            MatVec.Run(layer.Down);
        }

        MatVec.Run(_head);
    }

    /// <summary>Resolves every matrix once (fp32 in place, or the int8 copies when the model has them).</summary>
    private void Build()
    {
        var c = _config;
        var weights = _transformer.Weights;
        var int8 = _transformer.Int8;
        float* normed = Address(_normed), q = Address(_q), k = Address(_k), v = Address(_v), attention = Address(_attention), projected = Address(_projected),
            gate = Address(_gate), up = Address(_up), logits = Address(_logits);

        RowProduct Product(string path, float* input, float* output)
        {
            var weight = weights[path + ".weight"];
            var bias = weights.TryGetValue(path + ".bias", out var b) ? MatVec.DataPointer(b) : IntPtr.Zero;
            var matrix = int8 is not null
                ? int8.Matrix(path + ".weight", bias)
                : RowMatrix.Float32(MatVec.DataPointer(weight), bias, (int)weight.shape[0], (int)weight.shape[1]);
            return new RowProduct(matrix, (IntPtr)input, (IntPtr)output);
        }

        _layers = Enumerable.Range(0, c.Layers).Select(i =>
        {
            var p = $"model.layers.{i}.";
            return new Layer(
                (float*)MatVec.DataPointer(weights[p + "input_layernorm.weight"]),
                (float*)MatVec.DataPointer(weights[p + "post_attention_layernorm.weight"]),
                [Product(p + "self_attn.q_proj", normed, q), Product(p + "self_attn.k_proj", normed, k), Product(p + "self_attn.v_proj", normed, v)],
                [Product(p + "self_attn.o_proj", attention, projected)],
                [Product(p + "mlp.gate_proj", normed, gate), Product(p + "mlp.up_proj", normed, up)],
                [Product(p + "mlp.down_proj", gate, projected)]);
        }).ToArray();
        _head = [Product(c.TieWordEmbeddings ? "model.embed_tokens" : "lm_head", normed, logits)];

        _finalNorm = (float*)MatVec.DataPointer(weights["model.norm.weight"]);
        _builtFor = int8;
        _built = true;
    }

    /// <summary>weight·(x·rsqrt(mean(x²) + eps)), in Transformer.RmsNorm's order of operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RmsNorm(float* x, float* weight, float* output, int length)
    {
        var squares = MatVec.Dot(x, x, length);
        var inverse = 1f / MathF.Sqrt(squares / length + (float)_config.RmsNormEps);
        for (var i = 0; i < length; i++)
        {
            output[i] = weight[i] * (x[i] * inverse);
        }
    }

    /// <summary>x·cos + roll(x, d/2)·sinSigned: the rotate_half layout with the sign folded into the sine table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rotate(float* x, float* cos, float* sinSigned, int dim)
    {
        var half = dim / 2;
        Span<float> rotated = stackalloc float[dim];
        for (var j = 0; j < dim; j++)
        {
            rotated[j] = x[j] * cos[j] + x[(j + half) % dim] * sinSigned[j];
        }

        rotated.CopyTo(new Span<float>(x, dim));
    }

    /// <summary>softmax(q·Kᵀ·scale)·V over cached columns [first, keys) of one kv head.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Attend(float* query, float* keys, float* values, long first, long count, int dim, float scale, float* scores, float* output)
    {
        var max = float.NegativeInfinity;
        for (var t = first; t < count; t++)
        {
            var s = MatVec.Dot(query, keys + t * dim, dim) * scale;
            scores[t] = s;
            max = Math.Max(max, s);
        }

        var total = 0f;
        for (var t = first; t < count; t++)
        {
            var e = MathF.Exp(scores[t] - max);
            scores[t] = e;
            total += e;
        }

        new Span<float>(output, dim).Clear();
        for (var t = first; t < count; t++)
        {
            AddScaled(output, values + t * dim, scores[t] / total, dim);
        }
    }

    /// <summary>y += a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddScaled(float* y, float* x, float a, int length)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var factor = Vector256.Create(a);
            for (; i <= length - 8; i += 8)
            {
                (Vector256.Load(y + i) + (factor * Vector256.Load(x + i))).Store(y + i);
            }
        }

        for (; i < length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static void Add(float* y, float* x, int length) => AddScaled(y, x, 1f, length);

    private static float[] Pinned(int length) => GC.AllocateArray<float>(length, pinned: true);

    /// <summary>The address of a pinned array's first element (it never moves, so the pointer stays valid while the array lives).</summary>
    private static float* Address(float[] pinned) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    /// <summary>One layer's norm weights and its four passes of products.</summary>
    private sealed class Layer(float* inputNorm, float* postNorm, RowProduct[] qkv, RowProduct[] output, RowProduct[] gateUp, RowProduct[] down)
    {
        public float* InputNorm { get; } = inputNorm;

        public float* PostNorm { get; } = postNorm;

        public RowProduct[] Qkv { get; } = qkv;

        public RowProduct[] Output { get; } = output;

        public RowProduct[] GateUp { get; } = gateUp;

        public RowProduct[] Down { get; } = down;
    }
}
