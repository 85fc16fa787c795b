using static TorchSharp.torch;

namespace Crossover.LocalModels.Tests;

public sealed class MatVecTests
{
    [Fact]
    public void OneRowProduct_AgreesWithLibtorch_OverShapesAndBiases()
    {
        var generator = new Generator(7);
        var random = new Random(7);
        using var noGrad = no_grad();
        for (var trial = 0; trial < 40; trial++)
        {
            // Odd sizes exercise the scalar tail and partial row chunks.
            int rows = random.Next(1, 300), columns = random.Next(1, 200);
            using var scope = NewDisposeScope();
            var weight = randn([rows, columns], generator: generator);
            var bias = trial % 2 == 0 ? randn([rows], generator: generator) : null;
            var x = randn([1, 1, columns], generator: generator);

            var ours = MatVec.Multiply(x, weight, bias);
            var reference = nn.functional.linear(x, weight, bias);

            Assert.Equal(reference.shape, ours.shape);
            Assert.True(ours.allclose(reference, rtol: 1e-4, atol: 1e-4), $"{rows}x{columns}: largest difference {(ours - reference).abs().max().item<float>()}");
        }
    }

    [Fact]
    public unsafe void OnePassOverSeveralMatrices_AgreesWithLibtorchForEach_BiasesAndInt8Included()
    {
        var generator = new Generator(11);
        using var noGrad = no_grad();
        // Odd row counts cut bands across matrix boundaries; 700 x 257 x 3 is above the size that goes parallel.
        int[] rows = [700, 65, 1, 333];
        const int Columns = 257;
        var x = randn([Columns], generator: generator);
        var weights = rows.Select(r => randn([r, Columns], generator: generator)).ToArray();
        var bias = randn([rows[1]], generator: generator);
        var quantized = Int8Weights.Quantize(weights[3]);
        var outputs = rows.Select(r => new float[r]).ToArray();
        fixed (float* out0 = outputs[0], out1 = outputs[1], out2 = outputs[2], out3 = outputs[3])
        fixed (sbyte* values = quantized.Values)
        fixed (float* scales = quantized.Scales)
        {
            var input = MatVec.DataPointer(x);
            MatVec.Run(
            [
                new RowProduct(RowMatrix.Float32(MatVec.DataPointer(weights[0]), IntPtr.Zero, rows[0], Columns), input, (IntPtr)out0),
                new RowProduct(RowMatrix.Float32(MatVec.DataPointer(weights[1]), MatVec.DataPointer(bias), rows[1], Columns), input, (IntPtr)out1),
                new RowProduct(RowMatrix.Float32(MatVec.DataPointer(weights[2]), IntPtr.Zero, rows[2], Columns), input, (IntPtr)out2),
                new RowProduct(RowMatrix.Int8((IntPtr)values, (IntPtr)scales, IntPtr.Zero, rows[3], Columns), input, (IntPtr)out3),
            ]);
        }

        for (var m = 0; m < 3; m++)
        {
            using var reference = nn.functional.linear(x, weights[m], m == 1 ? bias : null);
            Assert.True(tensor(outputs[m]).allclose(reference, rtol: 1e-4, atol: 1e-4), $"matrix {m}");
        }

        // The int8 product equals the dequantized matrix times x (up to float rounding).
        var groups = Int8Weights.Groups(Columns);
        using var dequantized = tensor(quantized.Values.Select((v, i) => v * quantized.Scales[i / Columns * groups + i % Columns / Int8Weights.GroupSize]).ToArray(), [rows[3], Columns]);
        using var expected = nn.functional.linear(x, dequantized);
        Assert.True(tensor(outputs[3]).allclose(expected, rtol: 1e-4, atol: 1e-3), "int8 matrix");
    }

    [Fact]
    public void ProductsWithGradientsSeveralRowsOrSmallWeights_StayWithLibtorch()
    {
        using var weight = randn(1024, 512);
        using var small = randn(64, 64);
        using var rows = randn(2, 512);
        using var one = randn(1, 512);

        Assert.False(MatVec.Applies(one, weight));
        using (no_grad())
        {
            Assert.False(MatVec.Applies(rows, weight));
            Assert.False(MatVec.Applies(one[.., ..64], small));
            Assert.Equal(get_num_threads() > 1, MatVec.Applies(one, weight));
        }
    }
}
