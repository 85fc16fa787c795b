using System.Text.Json;

namespace Crossover.Cli.Tests;

/// <summary>
/// The fine-tuning path end to end, as issue 5's "done when" describes it: an experiment, a finished local job, the tuned
/// model measured beside the prompt on the same test split, and the decision taking both measurements.
/// </summary>
public sealed class FineTuningPathTests
{
    [Fact]
    public async Task ExperimentToTunedCandidateToEvalToDecide_UsesEveryMeasurement()
    {
        using var data = new TuneData(rows: 24) { Split = "{ train: 0.5, dev: 0, test: 0.5, seed: 3 }", Evaluate = "test" };
        data.Write();
        using var server = new ScriptedServer(r => Reply.Text(r.UserMessage.Contains("crash", StringComparison.Ordinal) ? "bug" : "billing", 60, 1));
        File.WriteAllText(data.Experiment, File.ReadAllText(data.Experiment)
            .Replace("model: { provider: openai, id: gpt-4.1-mini }", $"model: {{ provider: openai, id: gpt-4.1-mini, baseUrl: \"{server.BaseUrl}\" }}", StringComparison.Ordinal)
            + "\nmaxOutputTokens: 4\n");
        var db = Path.Combine(data.Folder, ".crossover", "crossover.db");
        var model = TinyModel.Write(seed: 5);

        var tune = await CliRunner.RunAsync("tune", "start", data.Experiment, "--backend", "local", "--model", model, "--epochs", "1", "--suffix", "tiny", "--db", db);
        var eval = await CliRunner.RunAsync("eval", data.Experiment, "--db", db, "--format", "json");
        Assert.True(tune.ExitCode == 0, tune.Stderr);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        using var run = JsonDocument.Parse(eval.Stdout);
        var runId = run.RootElement.GetProperty("runId").GetString()!;
        var candidates = run.RootElement.GetProperty("candidates").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        Assert.Equal(["mini", "tuned-tiny"], candidates.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1.0, candidates["mini"].GetProperty("metrics").GetProperty("accuracy").GetProperty("value").GetDouble());
        var tunedAccuracy = candidates["tuned-tiny"].GetProperty("metrics").GetProperty("accuracy").GetProperty("value").GetDouble();

        var decide = await CliRunner.RunAsync("decide", CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml"),
            "--evidence", runId, "--db", db, "--prompted", "mini", "--fine-tuned", "tuned-tiny", "--format", "json", "--draws", "0");

        Assert.Equal(0, decide.ExitCode);
        using var decision = JsonDocument.Parse(decide.Stdout);
        var replaced = decision.RootElement.GetProperty("replacements").EnumerateArray().ToDictionary(r => r.GetProperty("field").GetString()!, r => r);
        Assert.Equal(1.0, replaced["quality.prompting.quality"].GetProperty("measuredValue").GetDouble());
        Assert.Equal(tunedAccuracy, replaced["quality.fineTuned.quality"].GetProperty("measuredValue").GetDouble(), 9);
        Assert.Equal("tuned-tiny", replaced["quality.fineTuned.quality"].GetProperty("candidate").GetString());
    }
}
