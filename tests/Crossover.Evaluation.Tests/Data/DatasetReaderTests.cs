using Crossover.Core.Input;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Tests.Data;

public sealed class DatasetReaderTests
{
    private static readonly SplitSpec All = new(1, 0, 0, 1);

    [Fact]
    public void Jsonl_DuplicateKey_IsRejectedLikeYamlDuplicates()
    {
        using var workspace = new Workspace();
        var path = Write(workspace, "d.jsonl", "{\"text\":\"a\",\"label\":\"bug\"}\n{\"text\":\"b\",\"label\":\"bug\",\"label\":\"billing\"}\n");

        var error = Assert.Throws<InputException>(() => DatasetReader.Read(new DatasetSpec(path, "label", null, All, "all", null)));

        Assert.StartsWith($"{path}:2: label: the field 'label' appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_DuplicateColumn_IsRejected()
    {
        using var workspace = new Workspace();
        var path = Write(workspace, "d.csv", "text,label,label\na,bug,billing\n");

        var error = Assert.Throws<InputException>(() => DatasetReader.Read(new DatasetSpec(path, "label", null, All, "all", null)));

        Assert.Contains("the column 'label' appears twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"text\":\"a\",\"label\":3}", "the answer '3' is not one of task.labels")]
    [InlineData("{\"text\":\"a\",\"label\":\"biling\"}", "the answer 'biling' is not one of task.labels")]
    [InlineData("{\"text\":\"a\",\"label\":\"\"}", "has no 'label' value")]
    public void Labels_OffLabelValues_AreRejected(string record, string expected)
    {
        using var workspace = new Workspace();
        var path = Write(workspace, "d.jsonl", "{\"text\":\"z\",\"label\":\" Billing \"}\n" + record + "\n");
        var spec = new DatasetSpec(path, "label", null, All, "all", null) { Labels = ["billing", "bug"] };

        var error = Assert.Throws<InputException>(() => DatasetReader.Read(spec));

        Assert.Contains($"{path}:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("d.jsonl")]
    [InlineData("d.csv")]
    public void NotUtf8_IsRejectedWithTheLine(string name)
    {
        using var workspace = new Workspace();
        var path = Path.Combine(workspace.Folder, name);
        var header = name.EndsWith(".csv", StringComparison.Ordinal) ? "text,label\nok,bug\n"u8.ToArray() : "{\"text\":\"ok\",\"label\":\"bug\"}\n"u8.ToArray();
        var bad = name.EndsWith(".csv", StringComparison.Ordinal) ? (byte[])[.. "caf"u8, 0xE9, .. ",bug\n"u8] : [.. "{\"text\":\"caf"u8, 0xE9, .. "\",\"label\":\"bug\"}\n"u8];
        File.WriteAllBytes(path, [.. header, .. bad]);

        var error = Assert.Throws<InputException>(() => DatasetReader.Read(new DatasetSpec(path, "label", null, All, "all", null)));

        Assert.Contains("is not UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:{(name.EndsWith(".csv", StringComparison.Ordinal) ? 3 : 2)}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SymbolicLinkLoop_IsOneInputError()
    {
        using var workspace = new Workspace();
        var a = Path.Combine(workspace.Folder, "a.jsonl");
        var b = Path.Combine(workspace.Folder, "b.jsonl");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);

        Assert.Throws<InputException>(() => DatasetReader.Read(new DatasetSpec(a, "label", null, All, "all", null)));
    }

    private static string Write(Workspace workspace, string name, string text)
    {
        var path = Path.Combine(workspace.Folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
