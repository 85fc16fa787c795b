using System.Runtime.CompilerServices;

namespace Crossover.LocalModels;

/// <summary>
/// A weight matrix as the single-sequence decoding step reads it: row-major fp32 (the checkpoint tensor's own memory),
/// or int8 with one fp32 scale per group of 32 weights of a row (<see cref="Int8Weights"/>), plus an optional bias. It holds raw pointers, so
/// the tensors or arrays behind them must outlive it (the <see cref="Transformer"/> owns both).
/// </summary>
internal readonly unsafe struct RowMatrix
{
    private readonly float* _weights;
    private readonly sbyte* _quantized;
    private readonly float* _scales;
    private readonly float* _bias;

    private RowMatrix(float* weights, sbyte* quantized, float* scales, float* bias, int rows, int columns)
    {
        _weights = weights;
        _quantized = quantized;
        _scales = scales;
        _bias = bias;
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>An fp32 matrix [rows, columns] read in place.</summary>
    public static RowMatrix Float32(IntPtr weights, IntPtr bias, int rows, int columns) => new((float*)weights, null, null, (float*)bias, rows, columns);

    /// <summary>An int8 matrix [rows, columns] with one scale per group of <see cref="Int8Weights.GroupSize"/> columns of each row.</summary>
    public static RowMatrix Int8(IntPtr quantized, IntPtr scales, IntPtr bias, int rows, int columns) => new(null, (sbyte*)quantized, (float*)scales, (float*)bias, rows, columns);

    /// <summary>y[r] = W[r]·x (+ b[r]) for rows <paramref name="from"/> to <paramref name="to"/> (exclusive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Multiply(int from, int to, float* x, float* y)
    {
        for (var r = from; r < to; r++)
        {
            var value = _weights is not null
                ? MatVec.Dot(_weights + (long)r * Columns, x, Columns)
                : MatVec.Dot(_quantized + (long)r * Columns, _scales + (long)r * Int8Weights.Groups(Columns), x, Columns);
            y[r] = _bias is null ? value : value + _bias[r];
        }
    }
}

/// <summary>One product of a <see cref="MatVec.Run"/> pass: a matrix, its input (Columns floats) and output (Rows floats).</summary>
internal readonly record struct RowProduct(RowMatrix Matrix, IntPtr Input, IntPtr Output);
