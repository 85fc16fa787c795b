using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>Whether decoding uses this product (on by default; off measures libtorch's own for comparison).</summary>
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

    private static unsafe float Dot(float* a, float* b, int length)
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

    /// <summary>The tensor's data pointer (storage offset applied), from TorchSharp's native library.</summary>
    [LibraryImport("LibTorchSharp", EntryPoint = "THSTensor_data")]
    private static partial IntPtr Data(IntPtr tensor);
}
