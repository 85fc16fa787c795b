using System.Text.Json;
using Crossover.Evaluation.Curves;
using Crossover.Evaluation.Results;

namespace Crossover.Cli.Tests;

/// <summary><c>crossover decide --evidence RUN</c> on a run that <c>crossover eval</c> really made against a local server.</summary>
public sealed class DecideEvidenceTests
{
    private static readonly string Profile = CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml");

    // "good" answers every ticket right; "weak" every other one, so the measured qualities are 1.0 and 0.5.
    private static Reply Answer(SeenRequest request)
    {
        var i = Workspace.IndexOf(request.UserMessage);
        return Reply.Text(request.Model == "weak-model" && i % 2 == 1 ? "unsure" : Workspace.LabelOf(i), 40, 2);
    }

    private static async Task<string> EvaluateAsync(Workspace workspace)
    {
        workspace.WriteTickets(20);
        using var server = new ScriptedServer(Answer);
        var eval = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl), "--db", workspace.Db, "--format", "json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        return JsonDocument.Parse(eval.Stdout).RootElement.GetProperty("runId").GetString()!;
    }

    [Fact]
    public async Task Decide_WithEvidence_ReplacesProfileValuesByTheMeasurementsAndListsThem()
    {
        using var workspace = new Workspace();
        var runId = await EvaluateAsync(workspace);

        var result = await CliRunner.RunAsync("decide", Profile, "--evidence", runId, "--db", workspace.Db, "--prompted", "weak", "--fine-tuned", "good", "--format", "json", "--draws", "0");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        Assert.Equal(runId, root.GetProperty("evidence").GetProperty("runId").GetString());
        var replaced = root.GetProperty("replacements").EnumerateArray().ToDictionary(r => r.GetProperty("field").GetString()!, r => r);
        Assert.Equal(0.5, replaced["quality.prompting.quality"].GetProperty("measuredValue").GetDouble(), 9);
        Assert.Equal("weak", replaced["quality.prompting.quality"].GetProperty("candidate").GetString());
        Assert.Equal(1.0, replaced["quality.fineTuned.quality"].GetProperty("measuredValue").GetDouble(), 9);
        Assert.Equal(2, replaced["prompted.outputTokens"].GetProperty("measuredValue").GetDouble(), 9);
        Assert.Equal(0.5, root.GetProperty("profile").GetProperty("quality").GetProperty("prompting").GetProperty("likely").GetDouble(), 9);
    }

    [Fact]
    public async Task Decide_WithEvidence_TableShowsWhatWasMeasured()
    {
        using var workspace = new Workspace();
        var runId = await EvaluateAsync(workspace);

        var result = await CliRunner.RunAsync("decide", Profile, "--evidence", runId, "--db", workspace.Db, "--prompted", "good", "--draws", "0");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"From evaluation run {runId}.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("quality.prompting.quality", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_EvidenceWithoutCandidates_ExitsTwoAskingForThem()
    {
        using var workspace = new Workspace();
        var runId = await EvaluateAsync(workspace);

        var result = await CliRunner.RunAsync("decide", Profile, "--evidence", runId, "--db", workspace.Db);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("add --prompted NAME", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_EvidenceNamingAnUnknownCandidate_ListsTheRunsCandidates()
    {
        using var workspace = new Workspace();
        var runId = await EvaluateAsync(workspace);

        var result = await CliRunner.RunAsync("decide", Profile, "--evidence", runId, "--db", workspace.Db, "--prompted", "gpt-5");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("no candidate 'gpt-5'", line, StringComparison.Ordinal);
        Assert.Contains("good, weak", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_PromptedWithoutEvidence_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("decide", Profile, "--prompted", "good");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("add --evidence RUN", result.Stderr, StringComparison.Ordinal);
    }

    private static string WriteCurve(Workspace workspace, bool withBaseline)
    {
        CurvePoint Point(int n, double value, double low, double high) => new(n, $"curve-{n}", $"adapters/{n}", new MetricResult(value, low, high, "wilson"), 100, n * 300L, n / 10.0);
        var curve = new LearningCurve("curve-run", "tickets", "accuracy", "models/tiny", 1000,
            [Point(50, 0.55, 0.45, 0.65), Point(200, 0.78, 0.69, 0.85), Point(800, 0.9, 0.83, 0.95)],
            withBaseline ? new CurveBaseline("curve-run", "few-shot", "gpt-4.1", new MetricResult(0.68, 0.58, 0.76, "wilson")) : null,
            null, new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var path = Path.Combine(workspace.Folder, "curve.json");
        File.WriteAllText(path, curve.ToJson());
        return path;
    }

    [Fact]
    public async Task Decide_WithCurve_UsesTheExamplesThatBeatThePrompt()
    {
        using var workspace = new Workspace();
        var curve = WriteCurve(workspace, withBaseline: true);

        var result = await CliRunner.RunAsync("decide", Profile, "--curve", curve, "--format", "json", "--draws", "0");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        var replaced = root.GetProperty("replacements").EnumerateArray().ToDictionary(r => r.GetProperty("field").GetString()!, r => r);
        Assert.Equal(200, replaced["data.examplesNeeded"].GetProperty("measuredValue").GetDouble());
        Assert.Equal(200, replaced["fineTuned.trainingExamples"].GetProperty("measuredValue").GetDouble());
        var data = root.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "labeled-data");
        Assert.StartsWith("Measured: 200 examples", data.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_WithCurveThatHasNoBaseline_ExitsTwo()
    {
        using var workspace = new Workspace();
        var curve = WriteCurve(workspace, withBaseline: false);

        var result = await CliRunner.RunAsync("decide", Profile, "--curve", curve);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("no prompting baseline", line, StringComparison.Ordinal);
    }
}
