using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Metrics;

namespace Crossover.Evaluation.Tests.Metrics;

public sealed class MetricRegistryTests
{
    [Fact]
    public void DocsMetricTable_ListsEveryRegisteredMetricWithItsTaskKinds()
    {
        var rows = MetricTableRows();

        var documented = rows.SelectMany(r => r.Names).ToList();
        Assert.Equal(MetricRegistry.Default.Names.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        foreach (var (names, kinds) in rows)
        {
            foreach (var name in names)
            {
                var metric = MetricRegistry.Default.Find(name)!;
                var expected = metric.TaskKinds.Count == Enum.GetValues<TaskKind>().Length ? "all" : string.Join(", ", metric.TaskKinds.Select(k => k.ToString().ToLowerInvariant()));
                Assert.True(kinds.StartsWith(expected, StringComparison.Ordinal), $"docs/experiment.md says {name} applies to '{kinds}', the registry to '{expected}'");
            }
        }
    }

    [Theory]
    [InlineData("acuracy", "did you mean 'accuracy'?")]
    [InlineData("exact_match", "did you mean 'exact-match'?")]
    [InlineData("bleu", "use any of: accuracy, macro-f1, exact-match")]
    public void Check_UnknownName_SuggestsTheClosestOrListsAll(string name, string hint)
    {
        var task = new TaskSpec(TaskKind.Classification, "Route.", "{{text}}", ["a", "b"], null, null, null);

        var problem = MetricRegistry.Default.Check(name, task, 1, null);

        Assert.Equal($"'{name}' is not a known metric", problem!.Problem);
        Assert.Contains(hint, problem.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultsFor_EveryKind_AreRegisteredAndApplyToThatKind()
    {
        foreach (var kind in Enum.GetValues<TaskKind>())
        {
            Assert.All(MetricRegistry.DefaultsFor(kind), name => Assert.Contains(kind, MetricRegistry.Default.Find(name)!.TaskKinds));
        }
    }

    /// <summary>The rows of the table under "## Metrics" in docs/experiment.md: the metric names of the first cell, and the kind cell.</summary>
    private static List<(List<string> Names, string Kinds)> MetricTableRows()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot(), "docs", "experiment.md"));
        var start = Array.IndexOf(lines, "## Metrics");
        Assert.True(start >= 0, "docs/experiment.md has no '## Metrics' section");
        return [.. lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2).Select(line =>
        {
            var cells = line.Split('|');
            var names = cells[1].Split('`').Where((_, i) => i % 2 == 1).ToList();
            return (names, cells[2].Trim());
        })];
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crossover.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Crossover.slnx not found above " + AppContext.BaseDirectory);
    }
}
