using System.Text.Json;
using Crossover.Core.Statistics;
using Crossover.Evaluation.Results;

namespace Crossover.Evaluation.Tests.Results;

public sealed class RunReportJsonTests
{
    [Fact]
    public void Serialize_WithJudge_PutsTheJudgeAfterPrimaryAndKeepsEveryFigure()
    {
        var report = Report() with { Judge = new JudgeSummary("openai", "gpt-4.1", 60, 18_000, 60, null, null) };

        using var document = JsonDocument.Parse(RunReportJson.Serialize(report));

        var root = document.RootElement;
        Assert.Equal(["runId", "name", "primary", "judge", "candidates", "comparisons"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("judge").GetProperty("costUsd").ValueKind);
        var candidates = root.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(report.Candidates.Count, candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            var expected = report.Candidates[i];
            Assert.Equal(expected.Name, candidates[i].GetProperty("name").GetString());
            Assert.Equal(expected.Metrics.Keys, candidates[i].GetProperty("metrics").EnumerateObject().Select(p => p.Name));
            foreach (var (name, metric) in expected.Metrics)
            {
                var written = candidates[i].GetProperty("metrics").GetProperty(name);
                Assert.Equal((metric.Value, metric.Low, metric.High, metric.Method),
                    (written.GetProperty("value").GetDouble(), written.GetProperty("low").GetDouble(), written.GetProperty("high").GetDouble(), written.GetProperty("method").GetString()));
            }

            Assert.Equal(expected.CostPer1kUsd, candidates[i].GetProperty("costPer1kUsd") is { ValueKind: JsonValueKind.Number } cost ? cost.GetDouble() : null);
            Assert.Equal(expected.SampleErrors, candidates[i].GetProperty("sampleErrors").EnumerateArray().Select(e => e.GetString()));
        }

        var comparison = root.GetProperty("comparisons")[1];
        Assert.Equal(JsonValueKind.Null, comparison.GetProperty("itemsNeeded").ValueKind);
        Assert.False(comparison.GetProperty("significant").GetBoolean());
    }

    [Fact]
    public void Serialize_WithoutJudge_HasNoJudgeAndWritesTextAsIs()
    {
        var json = RunReportJson.Serialize(Report());

        Assert.DoesNotContain("\"judge\"", json, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"réponses “support”\"", json, StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"runId\": \"run-1\",", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_WithSummary_PutsTheRunHeaderFirst()
    {
        var summary = new RunSummary("run-1", "support", "exp.yaml", DateTimeOffset.UnixEpoch, RunStatus.Killed, 3, 8, 0, null, ["a", "b"]);

        using var document = JsonDocument.Parse(RunReportJson.Serialize(Report(), summary));

        var run = document.RootElement.EnumerateObject().First();
        Assert.Equal("run", run.Name);
        Assert.Equal("killed", run.Value.GetProperty("status").GetString());
        Assert.Equal(8, run.Value.GetProperty("planned").GetInt32());
        Assert.Equal(JsonValueKind.Null, run.Value.GetProperty("costUsd").ValueKind);
        Assert.Equal("run-1", document.RootElement.GetProperty("runId").GetString());
    }

    private static RunReport Report()
    {
        var first = new CandidateResult("a", "openai", "gpt-4.1-mini", 40, 40, 1, 2,
            new Dictionary<string, MetricResult> { ["accuracy"] = new(0.9, 0.8, 0.95, "wilson"), ["consistency"] = new(1, 0.93, 1, "wilson") },
            new MetricResult(1, 0.94, 1, "wilson"), new LatencySummary(410, 900, 1300), new TokenSummary(310, 0, 2, 120, 0, 40), 0.13, "https://example.com/pricing", ["HTTP 500"]);
        var second = first with { Name = "b", CostPer1kUsd = null, PriceSource = null, SampleErrors = [] };
        return new RunReport("run-1", "réponses “support”", DateTimeOffset.UnixEpoch, "accuracy", ["accuracy", "consistency"], [first, second],
        [
            new CandidateComparison("a", "b", "accuracy", new PairedComparison(0.05, 0.01, 0.12, 0.03, "mcnemar", 40, 480), "a is better"),
            new CandidateComparison("b", "a", "accuracy", new PairedComparison(0, -0.05, 0.05, 1, "mcnemar", 40, null), "not separable"),
        ]);
    }
}
