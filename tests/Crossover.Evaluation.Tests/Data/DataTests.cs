using Crossover.Core.Input;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Tests.Data;

public sealed class DataTests
{
    [Fact]
    public void Csv_ReadsQuotedCommasQuotesAndNewlines()
    {
        using var workspace = new Workspace();
        var path = Path.Combine(workspace.Folder, "d.csv");
        File.WriteAllText(path, "text,label\n\"refund, please\",billing\n\"app says \"\"error\"\"\nagain\",bug\n");

        var items = DatasetReader.Read(new DatasetSpec(path, "label", null, new SplitSpec(1, 0, 0, 1), "all", null));

        Assert.Equal(2, items.Count);
        Assert.Equal("refund, please", items[0].Fields["text"]);
        Assert.Equal("app says \"error\"\nagain", items[1].Fields["text"]);
        Assert.Equal("3", items[1].Id);
    }

    [Fact]
    public void Jsonl_BadLine_NamesFileAndLine()
    {
        using var workspace = new Workspace();
        var path = Path.Combine(workspace.Folder, "d.jsonl");
        File.WriteAllText(path, "{\"text\":\"a\",\"label\":\"x\"}\n{\"text\": oops}\n");

        var error = Assert.Throws<InputException>(() => DatasetReader.Read(new DatasetSpec(path, "label", null, new SplitSpec(1, 0, 0, 1), "all", null)));

        Assert.StartsWith($"{path}:2: not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsonl_MissingExpected_NamesTheField()
    {
        using var workspace = new Workspace();
        var path = Path.Combine(workspace.Folder, "d.jsonl");
        File.WriteAllText(path, "{\"text\":\"a\",\"queue\":\"x\"}\n");

        var error = Assert.Throws<InputException>(() => DatasetReader.Read(new DatasetSpec(path, "label", null, new SplitSpec(1, 0, 0, 1), "all", null)));

        Assert.Equal($"{path}:1: dataset.expected: the record has no 'label' value (every record needs the reference answer, or fix dataset.expected)", error.Message);
    }

    [Fact]
    public void StratifiedSplit_KeepsTheLabelMixAndIsSeeded()
    {
        using var workspace = new Workspace();
        var path = workspace.WriteTickets(200);
        var items = DatasetReader.Read(new DatasetSpec(path, "label", "id", new SplitSpec(0.6, 0.2, 0.2, 9), "test", null));

        var split = DataSplit.Create(items, new SplitSpec(0.6, 0.2, 0.2, 9), stratify: true);
        var again = DataSplit.Create(items, new SplitSpec(0.6, 0.2, 0.2, 9), stratify: true);

        Assert.Equal(120, split.Train.Count);
        Assert.Equal(40, split.Test.Count);
        Assert.All(Workspace.Labels, label => Assert.Equal(10, split.Test.Count(i => i.Expected == label)));
        Assert.Equal(split.Test.Select(i => i.Id), again.Test.Select(i => i.Id));
        Assert.Empty(split.Train.Select(i => i.Id).Intersect(split.Test.Select(i => i.Id)));
    }

    [Theory]
    [InlineData(null, 40, 40)]
    [InlineData(7, 7, 7)]
    public void DevPlusTest_ScoresBothSplits_TheLimitApplyingToEach(int? limit, int dev, int test)
    {
        using var workspace = new Workspace();
        var path = workspace.WriteTickets(200);
        var spec = new DatasetSpec(path, "label", "id", new SplitSpec(0.6, 0.2, 0.2, 9), "dev+test", limit);
        var items = DatasetReader.Read(spec);
        var split = DataSplit.Create(items, spec.Split, stratify: true);
        var assignment = SplitAssignment.Create(items.Count, [.. items.Select(i => SplitAssignment.Stratum(i.Expected))], spec.Split);

        var scored = split.Scored(spec);
        var positions = assignment.Scored(spec, items.Count);

        Assert.Equal(dev + test, scored.Count);
        Assert.Equal(dev, scored.Count(i => split.Dev.Contains(i)));
        Assert.Equal(test, scored.Count(i => split.Test.Contains(i)));
        Assert.Equal(scored.Select(i => i.Id).Order(), Enumerable.Range(0, items.Count).Where(p => positions[p]).Select(p => items[p].Id).Order());
    }
}
