using Crossover.Core.Input;

namespace Crossover.Core.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crossover-atomic-").FullName;

    [Fact]
    public void WriterFailsHalfway_LeavesThePreviousFileAndNoTemporary()
    {
        var path = Path.Combine(_folder, "train.jsonl");
        File.WriteAllText(path, "good\n");

        Assert.Throws<InputException>(() => AtomicFile.WriteText(path, writer =>
        {
            writer.Write("half a li");
            writer.Flush();
            throw new IOException("No space left on device");
        }));

        Assert.Equal("good\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void FolderCannotBeWritten_IsOneInputErrorNamingTheFile()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, string.Empty);
        var path = Path.Combine(blocker, "report.html");

        var error = Assert.Throws<InputException>(() => AtomicFile.WriteText(path, "<html/>"));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Write_CreatesTheFolderAndReplacesTheFile()
    {
        var path = Path.Combine(_folder, "out", "curve.json");

        AtomicFile.WriteText(path, "{\"a\":1}");
        AtomicFile.WriteText(path, "{\"a\":2}");

        Assert.Equal("{\"a\":2}", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
