using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Running;

public sealed class RunnerTests
{
    private static readonly PriceCatalog Catalog = PriceCatalogReader.LoadBundled();

    /// <summary>The "good" model answers right except every fifth item; the "weak" one rambles on odd items.</summary>
    private static Reply Truth(SeenRequest request)
    {
        var i = Workspace.IndexOf(request.UserMessage);
        var label = Workspace.LabelOf(i);
        if (request.Model == "gpt-4.1-mini")
        {
            return Reply.Text(i % 5 == 0 ? Workspace.LabelOf(i + 1) : label, promptTokens: 40, completionTokens: 2, cachedTokens: 8);
        }

        return Reply.Text(i % 2 == 0 ? $"The queue is {label}." : "It could be billing or bug.", promptTokens: 30, completionTokens: 7);
    }

    private static EvalRunner Runner(bool cache = true) => new(new CallSetup(new ProviderRegistry(), Catalog) { UseCache = cache });

    [Fact]
    public async Task FaultyServer_EveryItemEndsWithResultOrRecordedError()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(40);
        using var server = new ScriptedServer(request =>
        {
            var i = Workspace.IndexOf(request.UserMessage);
            return (i, request.Attempt) switch
            {
                (1, 1) => Reply.Status(429, "1"),
                (2, <= 2) => Reply.Status(500),
                (3, 1) => new SlowReply(TimeSpan.FromSeconds(3), Truth(request)),
                (4, 1) => new MalformedReply(),
                (6, 1) => new DropReply(),
                (7, _) => Reply.Status(503),
                (8, _) => Reply.Status(400),
                _ => Truth(request),
            };
        });
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, extra: "concurrency: 16"));

        var outcome = await Runner().RunAsync(experiment, RunStore.Open(workspace.Db));

        var records = RunStore.Open(workspace.Db).Records(outcome.RunId).ToList();
        Assert.Equal(80, records.Count);
        Assert.Equal(80, records.Select(r => (r.Candidate, r.ItemId, r.Repeat)).Distinct().Count());
        var failed = records.Where(r => r.Error is not null).Select(r => r.ItemId).Distinct().Order().ToList();
        Assert.Equal(["t7", "t8"], failed);
        Assert.All(records.Where(r => r.Error is null), r => Assert.NotNull(r.Output));
        Assert.Equal(4, records.Count(r => r.Error is not null));
        Assert.Equal(4, server.Count(Workspace.TextOf(7)) / 2);
        Assert.Equal(1, server.Requests.Count(r => r.UserMessage == Workspace.TextOf(8) && r.Model == "weak-model"));
    }

    [Fact]
    public async Task RetryAfter_IsHonouredBeforeTheNextAttempt()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(1);
        using var server = new ScriptedServer(request => request.Attempt == 1 ? Reply.Status(429, "1") : Truth(request));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: $"""
              - name: good
                model: {"{"} provider: openai, id: gpt-4.1-mini, baseUrl: "{server.BaseUrl}/v1" {"}"}
            """));

        await Runner().RunAsync(experiment, RunStore.Open(workspace.Db));

        var attempts = server.Requests.OrderBy(r => r.At).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.95), $"retried after {(attempts[1].At - attempts[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Metrics_EqualTheScriptedAnswersTrueValues()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(60);
        using var server = new ScriptedServer(Truth);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, extra: "metrics: [accuracy, macro-f1, format-compliance, exact-match]"));
        var store = RunStore.Open(workspace.Db);

        var outcome = await Runner().RunAsync(experiment, store);
        var report = RunReport.Load(store, outcome.RunId, Catalog);

        var good = report.Candidates.Single(c => c.Name == "good");
        var weak = report.Candidates.Single(c => c.Name == "weak");
        Assert.Equal(48 / 60.0, good.Metrics["accuracy"].Value, 9);
        Assert.Equal(1.0, good.Metrics["format-compliance"].Value, 9);
        Assert.Equal(30 / 60.0, weak.Metrics["accuracy"].Value, 9);
        Assert.Equal(0.0, weak.Metrics["format-compliance"].Value, 9);
        Assert.Equal(0.0, weak.Metrics["exact-match"].Value, 9);
        Assert.Equal(ExpectedMacroF1(60), good.Metrics["macro-f1"].Value, 9);
        Assert.True(good.Metrics["accuracy"].Low < 0.8 && good.Metrics["accuracy"].High > 0.8);
        Assert.Equal(40, good.Tokens.Input, 9);
        Assert.Equal(8, good.Tokens.Cached, 9);
        Assert.Equal(2, good.Tokens.Output, 9);
        var price = Catalog.FindModel("gpt-4.1-mini")!;
        Assert.Equal(((32 * price.Input) + (8 * price.CachedInput!.Value) + (2 * price.Output)) / 1000, good.CostPer1kUsd!.Value, 9);
        Assert.Null(weak.CostPer1kUsd);
        var comparison = Assert.Single(report.Comparisons);
        Assert.Equal("mcnemar", comparison.Result.Test);
        Assert.Equal(0.3, comparison.Result.Difference, 9);
        Assert.True(comparison.Result.Significant);
        Assert.Equal("good is better", comparison.Verdict);
    }

    [Fact]
    public async Task Consistency_CountsAgreementAmongRepeats()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        using var server = new ScriptedServer(request =>
        {
            var i = Workspace.IndexOf(request.UserMessage);
            var label = Workspace.LabelOf(i);

            // Items 0-3 answer the same three times; items 4-7 answer wrong on their third repeat.
            return Reply.Text(i >= 4 && request.Attempt == 3 ? Workspace.LabelOf(i + 1) : label);
        });
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: $"""
              - name: good
                model: {"{"} provider: openai, id: gpt-4.1-mini, baseUrl: "{server.BaseUrl}/v1" {"}"}
            """, extra: "metrics: [accuracy, consistency]\nrepeats: 3\nconcurrency: 1"));
        var store = RunStore.Open(workspace.Db);

        var outcome = await Runner().RunAsync(experiment, store);
        var good = RunReport.Load(store, outcome.RunId, Catalog).Candidates.Single();

        Assert.Equal(24, good.Records);
        Assert.Equal((4 * 1.0 + (4 * (2 / 3.0))) / 8, good.Metrics["consistency"].Value, 9);
        Assert.Equal((4 * 1.0 + (4 * (2 / 3.0))) / 8, good.Metrics["accuracy"].Value, 9);
    }

    [Fact]
    public async Task KilledRun_ResumesWithoutRecallingStoredItems()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(50);
        using var server = new ScriptedServer(Truth);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, extra: "concurrency: 4"));
        var store = RunStore.Open(workspace.Db);
        using var kill = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner(cache: false).RunAsync(experiment, store, progress: p =>
        {
            if (p.Done >= 30)
            {
                kill.Cancel();
            }
        }, cancellationToken: kill.Token));
        var runId = Assert.Single(store.Runs()).Id;
        var stored = store.Records(runId).ToList();
        Assert.InRange(stored.Count, 30, 99);

        // The resume talks to a second server: a request the kill cancelled in flight may still reach the first one
        // after the kill, so counting the first server's requests would race with the network stack.
        using var resumed = new ScriptedServer(Truth);
        var sameExperiment = ExperimentReader.Load(workspace.WriteExperiment(resumed.BaseUrl, extra: "concurrency: 4"));
        var outcome = await Runner(cache: false).RunAsync(sameExperiment, store, runId);

        var records = store.Records(runId).ToList();
        Assert.Equal(100, records.Count);
        Assert.Equal(stored.Count, outcome.AlreadyRecorded);
        Assert.Equal(100 - stored.Count, resumed.Requests.Count);
        foreach (var record in stored)
        {
            var model = record.Candidate == "good" ? "gpt-4.1-mini" : "weak-model";
            var text = Workspace.TextOf(int.Parse(record.ItemId[1..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(1, server.Requests.Count(r => r.Model == model && r.UserMessage == text));
            Assert.DoesNotContain(resumed.Requests, r => r.Model == model && r.UserMessage == text);
        }
    }

    [Fact]
    public async Task CachedRerun_MakesZeroCalls_AndErrorsAreNeverCached()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(20);
        using var server = new ScriptedServer(request => Workspace.IndexOf(request.UserMessage) == 5 ? Reply.Status(400) : Truth(request));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl));
        var store = RunStore.Open(workspace.Db);

        var first = await Runner().RunAsync(experiment, store);
        var callsAfterFirst = server.Requests.Count;
        var second = await Runner().RunAsync(experiment, store);

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(40, callsAfterFirst);
        Assert.Equal(2, server.Requests.Count - callsAfterFirst);
        Assert.All(server.Requests.Skip(callsAfterFirst), r => Assert.Equal(Workspace.TextOf(5), r.UserMessage));
        Assert.Equal(38, second.CacheHits);
        Assert.Equal(0, second.ProviderCalls);
        var firstReport = RunReport.Load(store, first.RunId, Catalog);
        var secondReport = RunReport.Load(store, second.RunId, Catalog);
        Assert.Equal(firstReport.Candidates[0].Metrics["accuracy"], secondReport.Candidates[0].Metrics["accuracy"]);
    }

    [Fact]
    public void DryRun_CountsCallsTokensAndCostWithoutCalling()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(10);
        using var server = new ScriptedServer(Truth);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, extra: "repeats: 2\nmetrics: [accuracy, consistency]"));

        var estimates = Runner().DryRun(experiment);

        Assert.Empty(server.Requests);
        var good = estimates.Single(e => e.Candidate == "good");
        Assert.Equal(20, good.Calls);
        var tokenizer = Tokens.TokenCounter.ForModel("gpt-4.1-mini");
        var system = "Route the ticket to one queue.\nAnswer with exactly one of: billing, bug, account, other. Reply with the label only.";
        var expectedInput = Enumerable.Range(0, 10).Sum(i => tokenizer.Count(system) + tokenizer.Count(Workspace.TextOf(i))) * 2;
        Assert.Equal(expectedInput, good.InputTokens);
        Assert.Equal("o200k_base", good.Tokenizer);
        var price = Catalog.FindModel("gpt-4.1-mini")!;
        Assert.Equal(((good.InputTokens * price.Input) + (good.OutputTokens * price.Output)) / 1e6, good.CostUsd!.Value, 9);
        Assert.Null(estimates.Single(e => e.Candidate == "weak").CostUsd);
    }

    private static double ExpectedMacroF1(int count)
    {
        var f1 = new List<double>();
        foreach (var label in Workspace.Labels)
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < count; i++)
            {
                var truth = Workspace.LabelOf(i);
                var guess = i % 5 == 0 ? Workspace.LabelOf(i + 1) : truth;
                tp += guess == label && truth == label ? 1 : 0;
                fp += guess == label && truth != label ? 1 : 0;
                fn += guess != label && truth == label ? 1 : 0;
            }

            f1.Add(2.0 * tp / ((2 * tp) + fp + fn));
        }

        return f1.Average();
    }

    [Fact]
    public async Task WriterFails_RunStopsWithTheStoreErrorInsteadOfWaitingForever()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(700);
        using var server = new ScriptedServer(Truth, keepRequests: false);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, extra: "concurrency: 32"));
        var store = RunStore.Open(workspace.Db);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={workspace.Db}"))
        {
            connection.Open();
            using var trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER refuse BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'disk refused'); END;";
            trigger.ExecuteNonQuery();
        }

        // 1,400 records: more than the bounded channel holds, so a dead writer would block every caller.
        var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => Runner(cache: false).RunAsync(experiment, store).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("disk refused", error.Message, StringComparison.Ordinal);
    }
}
