using Crossover.Core.Decisions;
using Crossover.Core.Input;

namespace Crossover.Core.Tests;

public sealed class DecideOptionsTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(DecideOptions.MaxMonteCarloDraws + 1)]
    public void Validate_DrawsOutOfRange_IsAnInputErrorWithTheLimits(int draws)
    {
        var error = Assert.Throws<InputException>(() => new DecideOptions { MonteCarloDraws = draws }.Validate());

        Assert.Contains("between 0 and 10,000,000", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(DecideOptions.MaxMonteCarloDraws)]
    public void Validate_DrawsAtTheLimits_IsAccepted(int draws) => new DecideOptions { MonteCarloDraws = draws }.Validate();
}
