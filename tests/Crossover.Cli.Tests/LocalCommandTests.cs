namespace Crossover.Cli.Tests;

public sealed class LocalCommandTests
{
    [Fact]
    public async Task Generate_MissingModelFolder_IsOneLineUserError()
    {
        var result = await CliRunner.RunAsync("local", "generate", "/nonexistent/model", "--prompt", "hi");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: /nonexistent/model: model folder not found", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Theory]
    [InlineData("--dropout", "NaN")]
    [InlineData("--alpha", "NaN")]
    [InlineData("--alpha", "Infinity")]
    [InlineData("--learning-rate", "NaN")]
    public async Task Train_NonNumberOption_IsRefusedBeforeTraining_AndWritesNoAdapterFolder(string option, string value)
    {
        var dir = Directory.CreateTempSubdirectory("crossover-cli-local-").FullName;
        var data = Path.Combine(dir, "train.jsonl");
        File.WriteAllText(data, "{\"prompt\": \"a\", \"completion\": \"b\"}\n");
        var adapter = Path.Combine(dir, "adapter");

        var result = await CliRunner.RunAsync("local", "train", Path.Combine(dir, "no-model-needed"), "--data", data, "--out", adapter, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option.TrimStart('-'), result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(adapter));
    }

    [Fact]
    public async Task Train_BadTrainingLine_NamesFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("crossover-cli-local-").FullName;
        var data = Path.Combine(dir, "train.jsonl");
        File.WriteAllText(data, "{\"prompt\": \"a\", \"completion\": \"b\"}\n{\"text\": \"no\"}\n");
        File.WriteAllText(Path.Combine(dir, "config.json"), "{}");

        var result = await CliRunner.RunAsync("local", "train", dir, "--data", data, "--out", Path.Combine(dir, "adapter"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{data}:2: expected {{\"prompt\", \"completion\"}} or {{\"messages\": [...]}}", result.Stderr);
    }
}
