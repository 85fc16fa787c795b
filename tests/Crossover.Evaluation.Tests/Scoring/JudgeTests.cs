using System.Text.RegularExpressions;
using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Scoring;

public sealed partial class JudgeTests
{
    /// <summary>Candidates answer right except on every fifth item; the judge grades by comparing answer and reference, but rambles on item 3.</summary>
    private static Reply Script(SeenRequest request, string pass, string fail)
    {
        if (request.Model != "judge-model")
        {
            var i = Workspace.IndexOf(request.UserMessage);
            return Reply.Text(i % 5 == 0 ? Workspace.LabelOf(i + 1) : Workspace.LabelOf(i));
        }

        var item = int.Parse(Ticket().Match(request.UserMessage).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (item == 3)
        {
            return Reply.Text("I would say 4 out of 5.", promptTokens: 100, completionTokens: 8);
        }

        var reference = Between(request.UserMessage, "Reference answer:\n", "\n\nAnswer to grade:");
        var answer = request.UserMessage[(request.UserMessage.IndexOf("Answer to grade:\n", StringComparison.Ordinal) + 17)..];
        return Reply.Text(reference == answer ? pass : fail, promptTokens: 100, completionTokens: 1);
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static string OneCandidate(string baseUrl) => $$"""
          - name: good
            model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{baseUrl}}/v1" }
        """;

    private static string JudgeBlock(string baseUrl, string scale) => $$"""
        judge:
          model: { provider: openai, id: judge-model, baseUrl: "{{baseUrl}}/v1", priceAs: gpt-4.1-mini }
          rubric: "The answer names the same queue as the reference."
          scale: {{scale}}
        """;

    [Fact]
    public async Task OneToFive_ScoresParsedStrictly_UnparseableReplyIsAJudgeErrorNotAScore()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        using var server = new ScriptedServer(r => Script(r, "5", "1"));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: OneCandidate(server.BaseUrl), extra: "metrics: [accuracy, judge]\n" + JudgeBlock(server.BaseUrl, "1-5")));
        var store = RunStore.Open(workspace.Db);

        var outcome = await new EvalRunner(new ProviderRegistry(), PriceCatalogReader.LoadBundled()).RunAsync(experiment, store);

        var records = store.Records(outcome.RunId).ToList();
        var t3 = records.Where(r => r.ItemId == "t3").ToList();
        Assert.All(t3, r => Assert.Contains("not a 1-5 score", r.JudgeError, StringComparison.Ordinal));
        Assert.All(t3, r => Assert.DoesNotContain("judge", r.Scores, StringComparison.Ordinal));
        Assert.All(records.Where(r => r.ItemId != "t3"), r => Assert.Null(r.JudgeError));
        Assert.Equal(8, outcome.JudgeCalls);
        var judged = server.Requests.Where(r => r.Model == "judge-model").ToList();
        Assert.All(judged, r => Assert.Equal(0, (double)r.Body["temperature"]!));
        Assert.All(judged, r => Assert.Contains("The answer names the same queue", (string?)r.Body["messages"]![0]!["content"], StringComparison.Ordinal));

        // Items 0..7 without 3: the candidate is wrong on 0 and 5, so the judge gives 5 (→ 1) to five of seven items.
        var report = RunReport.Load(store, outcome.RunId, null);
        var judge = report.Candidates[0].Metrics["judge"];
        Assert.Equal(5 / 7.0, judge.Value, 6);
        Assert.Equal("bootstrap", judge.Method);
        Assert.True(judge.Low < judge.Value && judge.Value < judge.High);

        // Judge errors per candidate, and the judge's calls and cost recomputed from the store equal the session's.
        Assert.Equal(t3.Count, report.Candidates[0].JudgeErrors);
        Assert.Contains("not a 1-5 score", Assert.Single(report.Candidates[0].SampleJudgeErrors), StringComparison.Ordinal);
        var priced = RunReport.Load(store, outcome.RunId, PriceCatalogReader.LoadBundled()).Judge!;
        Assert.Equal("judge-model", priced.Model);
        Assert.Equal(8, priced.Calls);
        Assert.Equal(800, priced.InputTokens);
        Assert.Equal((7 * 1) + 8, priced.OutputTokens);
        Assert.Equal(((800 * 0.40) + (15 * 1.60)) / 1e6, priced.CostUsd!.Value, 9);
        Assert.Equal(outcome.JudgeCostUsd, priced.CostUsd.Value, 6);
        Assert.Null(report.Judge!.CostUsd);
    }

    [Fact]
    public async Task PassFail_RerunAnswersTheJudgeFromTheCache()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(6);
        using var server = new ScriptedServer(r => Script(r, "PASS", "fail"));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: OneCandidate(server.BaseUrl), extra: JudgeBlock(server.BaseUrl, "pass-fail")));
        var runner = new EvalRunner(new ProviderRegistry(), null);

        var first = await runner.RunAsync(experiment, RunStore.Open(workspace.Db));
        var calls = server.Requests.Count;
        var second = await runner.RunAsync(experiment, RunStore.Open(workspace.Db));

        Assert.Equal(calls, server.Requests.Count);
        Assert.Equal(0, second.JudgeCalls);
        Assert.Equal(6, first.JudgeCalls);
        Assert.Equal(0, second.ProviderCalls);
        var report = RunReport.Load(RunStore.Open(workspace.Db), second.RunId, null);
        Assert.Contains("judge", report.Metrics);
        Assert.Equal(3 / 5.0, report.Candidates[0].Metrics["judge"].Value, 6);
        Assert.Equal(0, report.Judge!.Calls);
        Assert.Equal(6, RunReport.Load(RunStore.Open(workspace.Db), first.RunId, null).Judge!.Calls);
    }

    [Theory]
    [InlineData("5", JudgeScale.OneToFive, 1.0)]
    [InlineData(" 3\n", JudgeScale.OneToFive, 0.5)]
    [InlineData("1", JudgeScale.OneToFive, 0.0)]
    [InlineData("pass", JudgeScale.PassFail, 1.0)]
    [InlineData("FAIL", JudgeScale.PassFail, 0.0)]
    public void Parse_BareScore_IsRead(string reply, JudgeScale scale, double expected) =>
        Assert.Equal(expected, Evaluation.Scoring.ModelJudge.Parse(reply, scale));

    [Theory]
    [InlineData("6", JudgeScale.OneToFive)]
    [InlineData("0", JudgeScale.OneToFive)]
    [InlineData("4/5", JudgeScale.OneToFive)]
    [InlineData("Score: 4", JudgeScale.OneToFive)]
    [InlineData("4.5", JudgeScale.OneToFive)]
    [InlineData("PASS.", JudgeScale.PassFail)]
    [InlineData("yes", JudgeScale.PassFail)]
    public void Parse_AnythingElse_IsNoScore(string reply, JudgeScale scale) =>
        Assert.Null(Evaluation.Scoring.ModelJudge.Parse(reply, scale));

    [GeneratedRegex(@"ticket (\d+):")]
    private static partial Regex Ticket();
}
