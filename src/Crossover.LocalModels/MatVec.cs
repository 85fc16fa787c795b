using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>
/// The decoding step's one-row matrix products (y = W·x) on the CPU, parallel over output rows. With one input row
/// the product is bound by reading W from memory; libtorch runs it on one thread at about 40 % of the machine's read
/// bandwidth (docs/benchmarks.md), so each core here streams its own band of W's rows with 256-bit vector dots.
/// </summary>
internal static partial class MatVec
{
    /// <summary>Rows per work item: large enough to amortise scheduling, small enough to balance two to 16 cores.</summary>
    private const int RowsPerChunk = 64;

    /// <summary>
    /// Smaller matrices (1 MiB of fp32) stay with libtorch: their product takes microseconds, less than waking a
    /// second thread, and a thread descheduled on a busy machine would stall the step.
    /// </summary>
    private const long MinWeightElements = 1 << 18;

    /// <summary>Whether decoding uses this product and <see cref="SingleSequenceStep"/> (on by default; off measures libtorch's own path for comparison).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether <paramref name="x"/> times <paramref name="weight"/>ᵀ takes this path: one fp32 row on the CPU, no gradients,
    /// a large enough matrix, and more than one intra-op thread (with one, libtorch's product is the same work).
    /// </summary>
    public static bool Applies(Tensor x, Tensor weight) =>
        Enabled && get_num_threads() > 1 && weight.NumberOfElements >= MinWeightElements && x.NumberOfElements == x.shape[^1] && x.dtype == ScalarType.Float32 && weight.dtype == ScalarType.Float32
        && x.device_type == TorchSharp.DeviceType.CPU && weight.device_type == TorchSharp.DeviceType.CPU && weight.is_contiguous() && !x.requires_grad && !is_grad_enabled();

    /// <summary>x·Wᵀ (+ bias) for one input row, shaped like <paramref name="x"/> with the last dimension W's rows.</summary>
    public static unsafe Tensor Multiply(Tensor x, Tensor weight, Tensor? bias)
    {
        int rows = (int)weight.shape[0], columns = (int)weight.shape[1];
        var input = x.contiguous();
        var shape = x.shape.ToArray();
        shape[^1] = rows;
        var result = empty(shape, ScalarType.Float32);
        var w = (float*)Data(weight.Handle);
        var v = (float*)Data(input.Handle);
        var y = (float*)Data(result.Handle);
        var chunks = (rows + RowsPerChunk - 1) / RowsPerChunk;

        // As many threads as libtorch's intra-op setting (crossover local bench --threads), so one knob governs both.
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = get_num_threads() }, chunk =>
        {
            var end = Math.Min(rows, (chunk + 1) * RowsPerChunk);
            for (var r = chunk * RowsPerChunk; r < end; r++)
            {
                y[r] = Dot(w + (long)r * columns, v, columns);
            }
        });
        GC.KeepAlive(input);
        GC.KeepAlive(weight);
        return bias is null ? result : result.add_(bias);
    }

    /// <summary>
    /// Computes several products in one parallel pass (e.g. q, k and v from the same input): each product's rows are cut
    /// into bands and all bands share one <see cref="Parallel.For(int, int, Action{int})"/>, so a step waits for its
    /// threads once per pass instead of once per matrix. Small passes run on the calling thread.
    /// </summary>
    /// <param name="products">The matrices with their input and output buffers (input length = columns, output = rows).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(RowProduct[] products)
    {
        long elements = 0;
        var bands = 0;
        foreach (var p in products)
        {
            elements += (long)p.Matrix.Rows * p.Matrix.Columns;
            bands += (p.Matrix.Rows + RowsPerChunk - 1) / RowsPerChunk;
        }

        var threads = get_num_threads();
        if (threads <= 1 || elements < MinWeightElements)
        {
            foreach (var p in products)
            {
                p.Matrix.Multiply(0, p.Matrix.Rows, (float*)p.Input, (float*)p.Output);
            }

            return;
        }

        Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = threads }, band =>
        {
            var i = 0;
            while (band >= (products[i].Matrix.Rows + RowsPerChunk - 1) / RowsPerChunk)
            {
                band -= (products[i].Matrix.Rows + RowsPerChunk - 1) / RowsPerChunk;
                i++;
            }

            var (matrix, input, output) = products[i];
            var from = band * RowsPerChunk;
            matrix.Multiply(from, Math.Min(matrix.Rows, from + RowsPerChunk), (float*)input, (float*)output);
        });
    }

    /// <summary>The tensor's data pointer (storage offset applied): the caller keeps the tensor alive while using it.</summary>
    internal static IntPtr DataPointer(Tensor tensor) => Data(tensor.Handle);

    /// <summary>Σ a[i]·b[i] with 256-bit vectors (the summation order of <see cref="Multiply"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe float Dot(float* a, float* b, int length)
    {
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && length >= 32)
        {
            // Four independent accumulators hide the add latency; the loads stream W once.
            Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
            for (; i <= length - 32; i += 32)
            {
                s0 += Vector256.Load(a + i) * Vector256.Load(b + i);
                s1 += Vector256.Load(a + i + 8) * Vector256.Load(b + i + 8);
                s2 += Vector256.Load(a + i + 16) * Vector256.Load(b + i + 16);
                s3 += Vector256.Load(a + i + 24) * Vector256.Load(b + i + 24);
            }

            sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        }

        for (; i < length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>
    /// Σ scales[i/32]·a[i]·b[i] for int8 <paramref name="a"/> in groups of <see cref="Int8Weights.GroupSize"/> (each
    /// with its own scale; the last group may be shorter) and fp32 <paramref name="b"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe float Dot(sbyte* a, float* scales, float* b, int length)
    {
        var i = 0;
        var sum = 0f;
        if (Avx2.IsSupported)
        {
            var total = Vector256<float>.Zero;
            for (; i <= length - Int8Weights.GroupSize; i += Int8Weights.GroupSize)
            {
                var s0 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(a + i)) * Vector256.Load(b + i);
                var s1 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(a + i + 8)) * Vector256.Load(b + i + 8);
                var s2 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(a + i + 16)) * Vector256.Load(b + i + 16);
                var s3 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(a + i + 24)) * Vector256.Load(b + i + 24);
                total += ((s0 + s1) + (s2 + s3)) * Vector256.Create(scales[i / Int8Weights.GroupSize]);
            }

            sum = Vector256.Sum(total);
        }

        for (; i < length; i += Int8Weights.GroupSize)
        {
            var group = 0f;
            for (var j = i; j < Math.Min(length, i + Int8Weights.GroupSize); j++)
            {
                group += a[j] * b[j];
            }

            sum += scales[i / Int8Weights.GroupSize] * group;
        }

        return sum;
    }

    /// <summary>The tensor's data pointer (storage offset applied), from TorchSharp's native library.</summary>
    [LibraryImport("LibTorchSharp", EntryPoint = "THSTensor_data")]
    private static partial IntPtr Data(IntPtr tensor);
}
