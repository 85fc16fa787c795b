using Crossover.Core.Input;

namespace Crossover.Core.Tests;

public sealed class PathSafeNameTests
{
    [Theory]
    [InlineData("../../../escape/evil")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\system32")]
    [InlineData("a\nb\0c")]
    [InlineData("")]
    [InlineData("ticket routing | v2")]
    public void HostileName_StaysOneSegmentInsideTheFolder(string name)
    {
        AssertInside(name);
    }

    [Fact]
    public void RandomNames_AlwaysStayInsideTheFolder()
    {
        var random = new Random(1234);
        const string alphabet = "./\\:-_ab\n\0~%é|*?\"<>";
        for (var i = 0; i < 5000; i++)
        {
            var name = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            AssertInside(name);
        }
    }

    [Fact]
    public void OrdinaryName_IsKept()
    {
        Assert.Equal("ticket-routing_v2.1", PathSafeName.Of("ticket-routing_v2.1"));
    }

    private static void AssertInside(string name)
    {
        var root = Path.Combine(Path.GetTempPath(), "workspace");
        var safe = PathSafeName.Of(name);
        var full = Path.GetFullPath(Path.Combine(root, safe));

        Assert.NotEmpty(safe);
        Assert.DoesNotContain(Path.DirectorySeparatorChar, safe);
        Assert.DoesNotContain('\\', safe);
        Assert.NotEqual("..", safe);
        Assert.Equal(root, Path.GetDirectoryName(full));
    }
}
