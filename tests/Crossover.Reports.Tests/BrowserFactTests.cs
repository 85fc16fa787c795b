namespace Crossover.Reports.Tests;

public sealed class BrowserFactTests
{
    [Fact]
    public void SkipReason_NoChromiumAtThePath_NamesThePathAndHowToGetOne()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"crossover-no-chromium-{Guid.NewGuid():N}");

        var reason = BrowserFactAttribute.SkipReason(missing);

        Assert.NotNull(reason);
        Assert.Contains(missing, reason, StringComparison.Ordinal);
        Assert.Contains("CROSSOVER_CHROMIUM", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SkipReason_ChromiumPresent_RunsTheTest()
    {
        var binary = Path.GetTempFileName();
        try
        {
            Assert.Null(BrowserFactAttribute.SkipReason(binary));
        }
        finally
        {
            File.Delete(binary);
        }
    }
}
