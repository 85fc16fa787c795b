using System.Text;
using Crossover.Core.Input;

namespace Crossover.Core.Tests;

public sealed class InputFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crossover-input-").FullName;

    [Fact]
    public void NotUtf8_NamesTheFileLineAndByteOffset()
    {
        var path = Write("p.yaml", [.. "name: a\nstage: "u8, 0xE9, .. "t\xc3\xa9\n"u8]);

        var error = Assert.Throws<InputException>(() => InputFile.ReadText(path));

        Assert.Equal(2, error.Line);
        Assert.Contains("byte 0xE9 at offset 15", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void ByteOrderMark_IsDroppedAndTheRestKept()
    {
        var path = Write("p.yaml", [0xEF, 0xBB, 0xBF, .. "stage: prototype"u8]);

        Assert.Equal("stage: prototype", InputFile.ReadText(path));
    }

    [Fact]
    public void Directory_SaysItIsADirectory()
    {
        var error = Assert.Throws<InputException>(() => InputFile.ReadText(_folder));

        Assert.Contains("is a directory", error.Message);
    }

    [Fact]
    public void Missing_SaysItDoesNotExist()
    {
        var error = Assert.Throws<InputException>(() => InputFile.ReadText(Path.Combine(_folder, "nope.yaml")));

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void SymbolicLinkLoop_IsOneInputError()
    {
        var a = Path.Combine(_folder, "a.jsonl");
        var b = Path.Combine(_folder, "b.jsonl");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);

        Assert.Throws<InputException>(() => InputFile.ReadText(a));
        Assert.Throws<InputException>(() => InputFile.ReadLines(a).ToList());
    }

    [Fact]
    public void LargerThanTheLimit_IsRejectedWithoutReadingItAll()
    {
        var path = Write("big.yaml", new byte[4096]);

        var error = Assert.Throws<InputException>(() => InputFile.ReadText(path, maxBytes: 1024));

        Assert.Contains("larger than", error.Message);
    }

    [Fact]
    public void Lines_AreNumberedAndCrLfIsDropped()
    {
        var path = Write("d.jsonl", Encoding.UTF8.GetBytes("{\"a\":1}\r\n\r\n{\"a\":2}\n{\"a\":3}"));

        var lines = InputFile.ReadLines(path).ToList();

        Assert.Equal([(1, "{\"a\":1}"), (2, string.Empty), (3, "{\"a\":2}"), (4, "{\"a\":3}")], lines);
    }

    [Fact]
    public void Lines_LongerThanTheLimit_NameTheLine()
    {
        var path = Write("d.jsonl", Encoding.UTF8.GetBytes("{}\n" + new string('x', 5000) + "\n"));

        var error = Assert.Throws<InputException>(() => InputFile.ReadLines(path, maxLineBytes: 1000).ToList());

        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Lines_InvalidByte_NamesItsLineAndOffset()
    {
        var path = Write("d.jsonl", [.. "{}\n{}\n{\"t\":\""u8, 0xFF, .. "\"}\n"u8]);

        var error = Assert.Throws<InputException>(() => InputFile.ReadLines(path).ToList());

        Assert.Equal(3, error.Line);
        Assert.Contains("offset 12", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
