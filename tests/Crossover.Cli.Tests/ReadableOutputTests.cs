
namespace Crossover.Cli.Tests;

public sealed class ReadableOutputTests
{
    [Fact]
    public async Task BareCrossover_PrintsHelpWithEveryVerb()
    {
        var result = await CliRunner.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stderr);
        foreach (var verb in new[] { "init", "decide", "eval", "runs", "report", "tune", "catalog" })
        {
            Assert.Contains(verb, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CatalogShow_Typo_SuggestsTheClosestId()
    {
        var result = await CliRunner.RunAsync("catalog", "show", "claude-sonet-4-5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did you mean 'claude-sonnet-4-5'?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogList_ShowsEverySourceAsANumberedNote()
    {
        var result = await CliRunner.RunAsync("catalog", "list");

        Assert.Equal(0, result.ExitCode);
        var notes = result.Stdout.Split('\n').SkipWhile(line => line.Trim() != "Sources:").Skip(1).Where(line => line.Trim().Length > 0).ToList();
        Assert.NotEmpty(notes);
        Assert.All(notes, note => Assert.Matches(@"^\s+\[\d+\] https://", note));
        var claude = Assert.Single(result.Stdout.Split('\n'), line => line.Contains("claude-sonnet-4-5", StringComparison.Ordinal));
        Assert.Matches(@"\[\d+\]", claude);
    }

    [Fact]
    public async Task Eval_MisspeltRequiredField_SaysDidYouMean()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        var path = workspace.WriteExperiment("http://127.0.0.1:1");
        File.WriteAllText(path, File.ReadAllText(path).Replace("expected: label", "expect: label", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("eval", path, "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("dataset.expect: unknown field (did you mean 'expected'?)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_LocalModelFolderMissing_NamesThePathResolvedAgainstTheExperimentFile()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        var path = workspace.WriteExperiment("http://127.0.0.1:1", candidates: """
              - name: small
                model: { provider: local, id: models/none }
            """);

        var result = await CliRunner.RunAsync("eval", path, "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Path.Combine(workspace.Folder, "models", "none"), result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local", "train")]
    [InlineData("tune", "curve")]
    [InlineData("tune", "export")]
    public async Task LoraRank_IsCalledTheSameInEveryVerb(string group, string verb)
    {
        var result = await CliRunner.RunAsync(group, verb, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--lora-rank", result.Stdout, StringComparison.Ordinal);
    }
}
