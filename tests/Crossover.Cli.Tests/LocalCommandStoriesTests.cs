
namespace Crossover.Cli.Tests;

/// <summary>The local verbs end to end on the real stories260K checkpoint beside the repository.</summary>
public sealed class LocalCommandStoriesTests
{
    private static readonly string Model = SharedModels.Stories260K;

    [ModelFact]
    public async Task Generate_Greedy_PrintsOnlyTheContinuation()
    {
        var result = await CliRunner.RunAsync("local", "generate", Model, "--prompt", "Once upon a time", "--max-tokens", "13", "--stop-id", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith(", there was a little girl named Lily.", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("13 generated", result.Stderr);
        Assert.EndsWith("Lily. She lo\n", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"prefill 5 tokens in [0-9.]+ ms \([0-9]+ tok/s\), decode 12 tokens in [0-9.]+ ms \([0-9.]+ tok/s\)", result.Stderr);
    }

    [ModelTheory]
    [InlineData("--max-tokens", "2147483647", "max-tokens")]
    [InlineData("--max-tokens", "508", "max-tokens")]
    [InlineData("--stop-id", "512", "stop-id")]
    [InlineData("--stop-id", "-1", "stop-id")]
    public async Task Generate_ImpossibleLengthOrStopId_IsOneLineUserError(string option, string value, string field)
    {
        var result = await CliRunner.RunAsync("local", "generate", Model, "--prompt", "Once upon a time", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(field, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Equal(string.Empty, result.Stdout);
    }

    [ModelFact]
    public async Task TrainThenMerge_WritesPeftAdapterAndLoadableMergedModel()
    {
        var dir = Directory.CreateTempSubdirectory("crossover-cli-stories-").FullName;
        var data = Path.Combine(dir, "train.jsonl");
        File.WriteAllText(data, "{\"prompt\": \"Tom had a\", \"completion\": \" dog.\"}\n{\"messages\": [{\"role\": \"user\", \"content\": \"Sue saw a\"}, {\"role\": \"assistant\", \"content\": \" cat.\"}]}\n");
        var adapter = Path.Combine(dir, "adapter");
        var merged = Path.Combine(dir, "merged");

        var train = await CliRunner.RunAsync("local", "train", Model, "--data", data, "--out", adapter, "--epochs", "2", "--batch-size", "2", "--checkpoint-every", "1");
        var merge = await CliRunner.RunAsync("local", "merge", Model, adapter, "--out", merged);
        var generate = await CliRunner.RunAsync("local", "generate", merged, "--prompt", "Tom had a", "--max-tokens", "3");

        Assert.Equal(0, train.ExitCode);
        Assert.Contains("step 2/2", train.Stderr);
        Assert.True(File.Exists(Path.Combine(adapter, "adapter_model.safetensors")));
        Assert.True(File.Exists(Path.Combine(adapter, "checkpoints", "checkpoint-1", "optimizer.bin")));
        Assert.Equal(0, merge.ExitCode);
        Assert.True(File.Exists(Path.Combine(merged, "model.safetensors")));
        Assert.Equal(0, generate.ExitCode);
    }
}
