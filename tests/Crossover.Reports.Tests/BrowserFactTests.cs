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

    [Fact]
    public void AxeSkipReason_NoScriptAtThePath_NamesThePathAndHowToGetIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"crossover-no-axe-{Guid.NewGuid():N}", "axe.min.js");

        var reason = AxeCore.SkipReason(missing);

        Assert.NotNull(reason);
        Assert.Contains(missing, reason, StringComparison.Ordinal);
        Assert.Contains("eng/prerequisites.sh", reason, StringComparison.Ordinal);
        Assert.Contains("CROSSOVER_AXE_CORE", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AxeSkipReason_ScriptPresent_RunsTheTest()
    {
        var script = Path.GetTempFileName();
        try
        {
            Assert.Null(AxeCore.SkipReason(script));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
