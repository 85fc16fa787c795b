using Crossover.Core.Input;
using Crossover.Tuning.Jobs;

namespace Crossover.Tuning.Tests.Jobs;

public sealed class TuningHyperparametersTests
{
    [Theory]
    [InlineData(0, null, null, null, "epochs")]
    [InlineData(51, null, null, null, "epochs")]
    [InlineData(null, 0, null, null, "batch-size")]
    [InlineData(null, 257, null, null, "batch-size")]
    [InlineData(null, null, 0.0, null, "learning-rate-multiplier")]
    [InlineData(null, null, 10.5, null, "learning-rate-multiplier")]
    [InlineData(null, null, double.NaN, null, "learning-rate-multiplier")]
    [InlineData(null, null, double.PositiveInfinity, null, "learning-rate-multiplier")]
    [InlineData(null, null, null, -5, "seed")]
    public void Validate_OutOfRange_NamesTheOption(int? epochs, int? batch, double? multiplier, int? seed, string field)
    {
        var ex = Assert.Throws<InputException>(() => new TuningHyperparameters(epochs, batch, multiplier, seed, null).Validate());
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Validate_LimitsAndAuto_Pass()
    {
        new TuningHyperparameters(null, null, null, null, null).Validate();
        new TuningHyperparameters(1, 1, 1e-9, 0, "a").Validate();
        new TuningHyperparameters(TuningHyperparameters.MaxEpochs, TuningHyperparameters.MaxBatchSize, TuningHyperparameters.MaxLearningRateMultiplier, int.MaxValue, new string('x', TuningHyperparameters.MaxSuffixLength)).Validate();
    }
}
