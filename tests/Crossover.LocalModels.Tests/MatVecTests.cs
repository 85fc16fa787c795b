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
