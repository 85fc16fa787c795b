using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>
/// Weight-only int8 copies of a model's projection and head matrices for single-sequence decoding: each row r of W is
/// stored as round(W[r]/s_r) with s_r = max|W[r]|/127 (symmetric, per output channel), so a row's product is
/// s_r·Σ q[r,j]·x[j] with fp32 activations. It reads a quarter of the bytes per token; it is an approximation of the
/// fp32 model (docs/local-engine.md), kept beside the fp32 weights, which prefill and batched steps still use.
/// </summary>
internal sealed class Int8Weights
{
    private readonly Dictionary<string, (sbyte[] Values, float[] Scales, int Rows, int Columns)> _matrices = new(StringComparer.Ordinal);

    /// <summary>Quantizes every 2-D weight the decoding step multiplies (projections and the output head) by name.</summary>
    public Int8Weights(IEnumerable<KeyValuePair<string, Tensor>> weights)
    {
        foreach (var (name, weight) in weights)
        {
            _matrices[name] = Quantize(weight);
        }
    }

    /// <summary>Bytes held: one per weight plus four per row.</summary>
    public long Bytes => _matrices.Values.Sum(m => m.Values.LongLength + 4L * m.Scales.Length);

    /// <summary>The quantized matrix stored under <paramref name="name"/> (with the fp32 bias, if any).</summary>
    public unsafe RowMatrix Matrix(string name, IntPtr bias)
    {
        var m = _matrices[name];
        // The arrays are allocated pinned, so their addresses hold for the object's lifetime.
        fixed (sbyte* values = m.Values)
        fixed (float* scales = m.Scales)
        {
            return RowMatrix.Int8((IntPtr)values, (IntPtr)scales, bias, m.Rows, m.Columns);
        }
    }

    /// <summary>Row-wise symmetric quantization; an all-zero row gets scale 0 (its products are 0, as in fp32).</summary>
    internal static unsafe (sbyte[] Values, float[] Scales, int Rows, int Columns) Quantize(Tensor weight)
    {
        int rows = (int)weight.shape[0], columns = (int)weight.shape[1];
        using var cpu = weight.detach().cpu().to(ScalarType.Float32).contiguous();
        var source = (float*)MatVec.DataPointer(cpu);
        var values = GC.AllocateUninitializedArray<sbyte>(rows * columns, pinned: true);
        var scales = GC.AllocateUninitializedArray<float>(rows, pinned: true);
        Parallel.For(0, rows, r =>
        {
            var max = 0f;
            for (var j = 0; j < columns; j++)
            {
                max = Math.Max(max, Math.Abs(source[(long)r * columns + j]));
            }

            var scale = max / 127f;
            scales[r] = scale;
            for (var j = 0; j < columns; j++)
            {
                values[r * columns + j] = scale == 0 ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round(source[(long)r * columns + j] / scale), -127, 127);
            }
        });
        GC.KeepAlive(cpu);
        return (values, scales, rows, columns);
    }
}
