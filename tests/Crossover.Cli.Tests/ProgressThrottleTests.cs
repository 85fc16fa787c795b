using Microsoft.Extensions.Time.Testing;

namespace Crossover.Cli.Tests;

public sealed class ProgressThrottleTests
{
    [Fact]
    public void ShouldPrint_UpdatesEveryTenthOfASecond_PrintsAboutOnceASecondAndTheLast()
    {
        var time = new FakeTimeProvider();
        var throttle = new ProgressThrottle(time);
        var printed = new List<int>();

        for (var i = 1; i <= 35; i++)
        {
            if (throttle.ShouldPrint(final: i == 35))
            {
                printed.Add(i);
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // The first at 0 s, then one each time a full second has passed since the last printed, then the final one.
        Assert.Equal([1, 11, 21, 31, 35], printed);
    }

    [Fact]
    public void ShouldPrint_FinalUpdate_AlwaysPrintsEvenRightAfterAnother()
    {
        var throttle = new ProgressThrottle(new FakeTimeProvider());

        Assert.True(throttle.ShouldPrint(final: false));
        Assert.False(throttle.ShouldPrint(final: false));
        Assert.True(throttle.ShouldPrint(final: true));
    }
}
