namespace Crossover.Cli.Tests;

public sealed class TuneExportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crossover-export-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteExperiment(int rows)
    {
        File.WriteAllLines(Path.Combine(_folder, "data.jsonl"), Enumerable.Range(1, rows).Select(i =>
            $$"""{"text":"ticket {{i}} about {{(i % 2 == 0 ? "a crash" : "an invoice")}}","label":"{{(i % 2 == 0 ? "bug" : "billing")}}"}"""));
        var path = Path.Combine(_folder, "exp.yaml");
        File.WriteAllText(path, """
            name: routing
            dataset: { path: data.jsonl, expected: label, split: { train: 0.8, dev: 0.2, test: 0 }, evaluate: dev }
            task: { kind: classification, instructions: Route the support ticket., input: "Ticket: {{text}}", labels: [billing, bug] }
            candidates:
              - name: mini
                model: { provider: openai, id: gpt-4.1-mini }
            """);
        return path;
    }

    [Fact]
    public async Task Export_PrintsFilesWrittenAndTheCommandToRun()
    {
        var outDir = Path.Combine(_folder, "axolotl");
        var result = await CliRunner.RunAsync("tune", "export", WriteExperiment(20), "--tool", "axolotl", "--out", outDir, "--base-model", "meta-llama/Llama-3.2-1B-Instruct", "--epochs", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("exported 16 training and 4 validation examples for axolotl (base model meta-llama/Llama-3.2-1B-Instruct", result.Stdout, StringComparison.Ordinal);
        foreach (var file in new[] { "train.jsonl", "validation.jsonl", "axolotl.yaml" })
        {
            Assert.Contains(Path.Combine(outDir, file), result.Stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(outDir, file)));
        }

        Assert.Contains($"run: cd {outDir} && axolotl train axolotl.yaml", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public async Task Export_TooFewExamples_ExitsTwoWithOneLine()
    {
        var result = await CliRunner.RunAsync("tune", "export", WriteExperiment(8), "--tool", "unsloth", "--out", Path.Combine(_folder, "u"));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("fine-tuning needs at least 10", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "u")));
    }
}
