using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>
/// Weight-only int8 copies of a model's projection and head matrices for single-sequence decoding: each row of W is cut
/// into groups of <see cref="GroupSize"/> columns, and group g of row r is stored as round(W/s) with s = max|W|/127 over
/// the group (symmetric), so a row's product is Σ_g s_g·Σ q·x with fp32 activations. It reads a quarter of the bytes per token; it is an approximation of the
/// fp32 model (docs/local-engine.md), kept beside the fp32 weights, which prefill and batched steps still use.
/// </summary>
internal sealed class Int8Weights
{
    /// <summary>Columns sharing one scale: per-row scales lost the stories260K greedy output within ~60 tokens.</summary>
    public const int GroupSize = 32;

    private readonly Dictionary<string, (sbyte[] Values, float[] Scales, int Rows, int Columns)> _matrices = new(StringComparer.Ordinal);

    /// <summary>Quantizes every 2-D weight the decoding step multiplies (projections and the output head) by name.</summary>
    public Int8Weights(IEnumerable<KeyValuePair<string, Tensor>> weights)
    {
        foreach (var (name, weight) in weights)
        {
            _matrices[name] = Quantize(weight);
        }
    }

    /// <summary>Bytes held: one per weight plus four per group.</summary>
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

    /// <summary>Scales per row of <paramref name="columns"/> columns (the last group may be shorter).</summary>
    public static int Groups(int columns) => (columns + GroupSize - 1) / GroupSize;

    /// <summary>Group-wise symmetric quantization; an all-zero group gets scale 0 (its products are 0, as in fp32).</summary>
    internal static unsafe (sbyte[] Values, float[] Scales, int Rows, int Columns) Quantize(Tensor weight)
    {
        int rows = (int)weight.shape[0], columns = (int)weight.shape[1];
        using var cpu = weight.detach().cpu().to(ScalarType.Float32).contiguous();
        var source = (float*)MatVec.DataPointer(cpu);
        var values = GC.AllocateUninitializedArray<sbyte>(rows * columns, pinned: true);
        var groups = Groups(columns);
        var scales = GC.AllocateUninitializedArray<float>(rows * groups, pinned: true);
        Parallel.For(0, rows, r =>
        {
            for (var g = 0; g < groups; g++)
            {
                int from = g * GroupSize, to = Math.Min(columns, from + GroupSize);
                var max = 0f;
                for (var j = from; j < to; j++)
                {
                    max = Math.Max(max, Math.Abs(source[(long)r * columns + j]));
                }

                var scale = max / 127f;
                scales[r * groups + g] = scale;
                for (var j = from; j < to; j++)
                {
                    values[r * columns + j] = scale == 0 ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round(source[(long)r * columns + j] / scale), -127, 127);
                }
            }
        });
        GC.KeepAlive(cpu);
        return (values, scales, rows, columns);
    }
}
