using System.Text.Json;
using System.Text.RegularExpressions;

namespace Crossover.Cli.Tests;

public sealed partial class EvalJudgeAndEmbeddingsTests
{
    /// <summary>Candidates answer right; the judge passes every answer but replies "maybe" on ticket 1.</summary>
    private static Reply Answer(SeenRequest request)
    {
        if (request.Model != "judge-model")
        {
            return Reply.Text(Workspace.LabelOf(Workspace.IndexOf(request.UserMessage)), 40, 2);
        }

        var item = Ticket().Match(request.UserMessage).Groups[1].Value;
        return Reply.Text(item == "1" ? "maybe" : "PASS", 100, 1);
    }

    // One candidate: two candidates giving the same answer would share judge calls through the cache.
    private static string OneCandidate(string baseUrl) => $$"""
          - name: good
            model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{baseUrl}}/v1" }
        """;

    private static string JudgeBlock(string baseUrl) => $$"""
        judge:
          model: { provider: openai, id: judge-model, baseUrl: "{{baseUrl}}/v1", priceAs: gpt-4.1-mini }
          rubric: "The answer names the same queue as the reference."
          scale: pass-fail
        """;

    [Fact]
    public async Task EvalWithJudge_JsonHasJudgeCallsCostAndPerCandidateJudgeErrors()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(6);
        using var server = new ScriptedServer(Answer);

        var result = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl, candidates: OneCandidate(server.BaseUrl), extra: JudgeBlock(server.BaseUrl)), "--db", workspace.Db, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        var judge = document.RootElement.GetProperty("judge");
        Assert.Equal("judge-model", judge.GetProperty("model").GetString());
        Assert.Equal(6, judge.GetProperty("calls").GetInt64());
        Assert.Equal(((600 * 0.40) + (6 * 1.60)) / 1e6, judge.GetProperty("costUsd").GetDouble(), 9);
        foreach (var candidate in document.RootElement.GetProperty("candidates").EnumerateArray())
        {
            Assert.Equal(1, candidate.GetProperty("judgeErrors").GetInt32());
            Assert.Contains("not a PASS/FAIL score: 'maybe'", candidate.GetProperty("sampleJudgeErrors")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EvalTable_ShowsJudgeErrorsAndJudgeCostOnlyWithAJudge()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        using var server = new ScriptedServer(Answer);

        var judged = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl, candidates: OneCandidate(server.BaseUrl), extra: JudgeBlock(server.BaseUrl)), "--db", workspace.Db);
        var plain = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl, name: "plain.yaml"), "--db", workspace.Db);

        Assert.Equal(0, judged.ExitCode);
        Assert.Contains("Judge judge-model: 4 calls over the run, $0.", judged.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, plain.ExitCode);
        Assert.DoesNotContain("judge", plain.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EvalEmbeddingsAlways500_PrintsOneErrorLineAndExitsTwo()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        using var server = new ScriptedServer(Answer, embedFault: _ => Reply.Status(500));
        var candidates = $$"""
              - name: similar
                model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{server.BaseUrl}}/v1" }
                strategy: { kind: few-shot, shots: 2, select: similar, similarity: embeddings, embeddings: { provider: openai, id: text-embedding-3-small, baseUrl: "{{server.BaseUrl}}/v1" } }
            """;

        var result = await CliRunner.RunAsync("eval", workspace.WriteExperiment(server.BaseUrl, candidates: candidates, split: "{ train: 0.5, dev: 0, test: 0.5, seed: 3 }"), "--db", workspace.Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("cannot embed the train split with 'text-embedding-3-small'", line, StringComparison.Ordinal);

        // Retried, by our layer only: at most 1 + retries (3) requests (an attempt timed out on a cold start may never reach the server).
        Assert.InRange(server.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)), 2, 1 + 3);
    }

    [GeneratedRegex(@"ticket (\d+):")]
    private static partial Regex Ticket();
}
