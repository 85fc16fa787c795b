using Crossover.Core.Input;

namespace Crossover.LocalModels.Tests;

public sealed class TrainingOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(TrainingOptions.MaxEpochs + 1)]
    public void Epochs_OutsideTheLimitEveryTuningVerbShares_AreRefused(int epochs)
    {
        var error = Assert.Throws<InputException>(() => new TrainingOptions { Epochs = epochs }.Validate());

        Assert.Equal("epochs", error.Field);
    }

    [Fact]
    public void Epochs_AtTheLimits_AreAccepted()
    {
        new TrainingOptions { Epochs = 1 }.Validate();
        new TrainingOptions { Epochs = TrainingOptions.MaxEpochs }.Validate();
    }
}
