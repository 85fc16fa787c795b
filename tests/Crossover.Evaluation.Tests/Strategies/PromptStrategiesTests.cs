using System.Text.RegularExpressions;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Strategies;

namespace Crossover.Evaluation.Tests.Strategies;

public sealed class PromptStrategiesTests
{
    private static readonly string[] Labels = ["billing", "bug", "account", "other"];

    public static TheoryData<string, TaskKind> StrategiesAndKinds()
    {
        var data = new TheoryData<string, TaskKind>();
        foreach (var name in PromptStrategies.Default.Names)
        {
            data.Add(name, TaskKind.Classification);
            data.Add(name, TaskKind.Generation);
        }

        return data;
    }

    [Fact]
    public void Default_HoldsTheBuiltInStrategiesUnderTheirConstantNames()
    {
        Assert.Equal([StrategyNames.ZeroShot, StrategyNames.FewShot, StrategyNames.ChainOfThought, StrategyNames.Structured], PromptStrategies.Default.Names);
        Assert.Same(PromptStrategies.FewShot, PromptStrategies.Default.Find("Few_Shot"));
        Assert.Null(PromptStrategies.Default.Find("few-shots"));
    }

    [Theory]
    [InlineData("Few Shot")]
    [InlineData("")]
    [InlineData("zero-shot")]
    public void With_RefusesANameThatIsNotKebabCaseOrIsTaken(string name)
    {
        Assert.Throws<ArgumentException>(() => PromptStrategies.Default.With(new Renamed(PromptStrategies.ZeroShot, name)));
    }

    /// <summary>A demonstration must show exactly the shape the strategy reads answers from, or few-shot prompts teach the wrong format.</summary>
    [Theory]
    [MemberData(nameof(StrategiesAndKinds))]
    public void DemonstrationAnswer_IsReadBackAsTheSameCompliantAnswer(string name, TaskKind kind)
    {
        var strategy = PromptStrategies.Default.Find(name)!;
        var task = new TaskSpec(kind, "Route.", "{{text}}", kind == TaskKind.Classification ? Labels : [], null, null, null);
        var random = new Random(name.Length + (int)kind);
        for (var trial = 0; trial < 50; trial++)
        {
            var expected = string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Labels[random.Next(Labels.Length)] + random.Next(100)));

            var read = strategy.ExtractAnswer(task, strategy.DemonstrationAnswer(task, expected));

            Assert.Equal(new ExtractedAnswer(expected, true, null), read);
        }
    }

    [Theory]
    [InlineData("few-shots", "did you mean 'few-shot'?")]
    [InlineData("chain-of-thougth", "did you mean 'chain-of-thought'?")]
    [InlineData("socratic", "use one of the strategies: zero-shot, few-shot, chain-of-thought, structured")]
    public void UnknownKind_IsOneLocatedErrorWithTheClosestName(string kind, string hint)
    {
        var text = $"""
            name: t
            dataset: {"{"} path: data.jsonl, expected: label {"}"}
            task: {"{"} kind: classification, instructions: Route., input: "{"{{"}text{"}}"}", labels: [a, b] {"}"}
            candidates:
              - name: c
                model: {"{"} provider: openai, id: gpt-4.1-mini {"}"}
                strategy: {"{"} kind: {kind} {"}"}
            """;

        using var workspace = new Workspace();
        workspace.WriteTickets(4);

        var error = Assert.Throws<InputException>(() => ExperimentReader.Parse(text, Path.Combine(workspace.Folder, "e.yaml")));

        Assert.Contains($"e.yaml:7: candidates[0].strategy.kind: '{kind}' is not allowed ({hint}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExperimentDocs_ListEveryRegisteredStrategy()
    {
        var docs = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "experiment.md"));

        var row = docs.Split('\n').Single(l => l.StartsWith("| `strategy.kind` |", StringComparison.Ordinal)).Split('|')[3];
        var inTable = Regex.Matches(row, "`([a-z-]+)`").Select(m => m.Groups[1].Value);
        const string Heading = "## Strategies\n\n";
        var section = docs[(docs.IndexOf(Heading, StringComparison.Ordinal) + Heading.Length)..];
        section = section[..section.IndexOf("\n\n", StringComparison.Ordinal)];
        var bullets = Regex.Matches(section, @"^- \*\*([a-z-]+)\*\*:", RegexOptions.Multiline).Select(m => m.Groups[1].Value);

        Assert.Equal(PromptStrategies.Default.Names, inTable);
        Assert.Equal(PromptStrategies.Default.Names, bullets);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crossover.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Crossover.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A built-in strategy under another name.</summary>
    private sealed class Renamed(IPromptStrategy inner, string name) : IPromptStrategy
    {
        public string Name => name;

        public int DefaultShots => inner.DefaultShots;

        public bool Reasons => inner.Reasons;

        public IPromptStrategy WithShots(int shots) => this;

        public string Instructions(TaskSpec task, string instructions, string? format) => inner.Instructions(task, instructions, format);

        public string DemonstrationAnswer(TaskSpec task, string expected) => inner.DemonstrationAnswer(task, expected);

        public IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> Messages(string system, IReadOnlyList<Demonstration> demonstrations, string input) => inner.Messages(system, demonstrations, input);

        public Microsoft.Extensions.AI.ChatResponseFormat? ResponseFormat(TaskSpec task) => inner.ResponseFormat(task);

        public ExtractedAnswer ExtractAnswer(TaskSpec task, string output) => inner.ExtractAnswer(task, output);

        public int OutputTokenOverhead(TaskSpec task) => inner.OutputTokenOverhead(task);

        public IReadOnlyList<string?> FormatVariants(TaskSpec task) => inner.FormatVariants(task);
    }
}
