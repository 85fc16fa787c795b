namespace Crossover.Core.Tests;

public sealed class PriceArithmeticTests
{
    [Fact]
    public void ModelPrice_CallUsd_BillsEachKindOfTokenAtItsRate()
    {
        // big: input $10/M, cached $1/M, cache write $12.5/M, output $30/M.
        // 500 × 10 + 800 × 1 + 200 × 12.5 + 100 × 30 = 5,000 + 800 + 2,500 + 3,000 = 11,300 per million → $0.0113.
        var big = TestData.HandCatalog.FindModel("big")!;

        Assert.Equal(0.0113, big.CallUsd(500, 800, 200, 100), 12);
    }

    [Fact]
    public void ModelPrice_WithoutCachePrices_BillsCacheTokensAsPlainInput()
    {
        // small: input $1/M, output $2/M, no cache discount or premium: 1,000 input-like tokens and 10 output = 0.00102.
        var small = TestData.HandCatalog.FindModel("small")!;

        Assert.Equal(0.00102, small.CallUsd(200, 300, 500, 10), 12);
    }

    [Fact]
    public void FineTuningPrice_TrainingAndServing_UseTheTunedRates()
    {
        // small's fine-tuning: training $4/M → 2M tokens = $8; the tuned model serves at $2/M in, $4/M out.
        var small = TestData.HandCatalog.FindModel("small")!;
        var tuned = small.FineTuning!.Serving(small);

        Assert.Equal(8, small.FineTuning.TrainingUsd(2_000_000), 12);
        Assert.Equal((1000 * 2 + 100 * 4) / 1e6, tuned.CallUsd(1000, 0, 0, 100), 12);
        Assert.Equal("small", tuned.Id);
        Assert.Null(tuned.FineTuning);
    }
}
