
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

    [ModelFact]
    public async Task Generate_Int8_GivesTheFp32ContinuationOnTheReferencePrompt()
    {
        var fp32 = await CliRunner.RunAsync("local", "generate", Model, "--prompt", "Once upon a time", "--max-tokens", "40", "--stop-id", "1");
        var int8 = await CliRunner.RunAsync("local", "generate", Model, "--prompt", "Once upon a time", "--max-tokens", "40", "--stop-id", "1", "--int8");

        Assert.Equal(0, int8.ExitCode);
        Assert.Equal(fp32.Stdout, int8.Stdout);
        Assert.Contains("40 generated", int8.Stderr);
        Assert.Contains("int8", int8.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("int8", fp32.Stderr, StringComparison.Ordinal);
    }

    [ModelFact]
    public async Task ExportLlama2c_WritesLlama2csOwnModelAndTokenizerFiles()
    {
        var dir = Directory.CreateTempSubdirectory("crossover-cli-llama2c-").FullName;
        var bin = Path.Combine(dir, "stories260K.bin");
        var tok = Path.Combine(dir, "tok512.bin");

        var result = await CliRunner.RunAsync("local", "export", Model, "--llama2c", bin, "--tokenizer", tok);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([bin, tok], result.Stdout.TrimEnd().Split('\n'));
        // sha256 of karpathy/tinyllamas' stories260K.bin and tok512.bin, as recorded in the model folder's README.md.
        Assert.Equal("b0a507e7ad0f626624f17112325e66691f9076d622e1d3274d103d00299f2696", Sha256(bin));
        Assert.Equal("037cb335abb25d1fa9e8ecae30ed2a3a8ace9302862ebcdc05d51a6bbb10c312", Sha256(tok));
    }

    [Fact]
    public async Task ExportLlama2c_ModelRunCCannotCompute_IsOneLineErrorAndWritesNothing()
    {
        var model = TinyModel.Write("Qwen2ForCausalLM", configure: c => c["max_position_embeddings"] = 40);
        var bin = Path.Combine(Directory.CreateTempSubdirectory("crossover-cli-llama2c-").FullName, "model.bin");

        var result = await CliRunner.RunAsync("local", "export", model, "--llama2c", bin);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("attention_bias", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.False(File.Exists(bin));
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
}
