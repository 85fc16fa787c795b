using Crossover.Core.Catalog;
using Crossover.Evaluation.Metrics;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Results;

/// <summary>Prompt tokens a provider wrote to its cache are stored per record and priced at the write premium by the report and the run list.</summary>
public sealed class CacheWriteCostTests
{
    [Fact]
    public void Report_PricesCacheWritesAtTheirPremium_AsTheRunnerMeteredThem()
    {
        using var workspace = new Workspace();
        var store = RunStore.Open(workspace.Db);
        var catalog = PriceCatalogReader.LoadBundled();
        var price = catalog.FindModel("claude-sonnet-4-5")!;
        Assert.True(price.CacheWrite > price.Input, "the test needs a model whose cache writes cost a premium");
        store.AddRun(new RunInfo("r", "tickets", "e.yaml", "name: tickets", DateTimeOffset.UnixEpoch, MetricNames.Accuracy, MetricNames.Accuracy,
            [new RunCandidate("sonnet", new RunModel("anthropic", "claude-sonnet-4-5", null))]));
        // The first call writes the shared prefix to the cache, the second reads it back.
        store.Append([
            Record("t1", input: 2_000, cached: 0, written: 1_500),
            Record("t2", input: 2_000, cached: 1_500, written: 0),
        ]);

        var report = RunReport.Load(store, "r", catalog);
        var summary = RunSummary.Load(store, store.Run("r"), catalog);

        var first = ((500 * price.Input) + (1_500 * price.CacheWrite!.Value) + (10 * price.Output)) / 1e6;
        var second = ((500 * price.Input) + (1_500 * price.CachedInput!.Value) + (10 * price.Output)) / 1e6;
        Assert.Equal([1_500L, 0L], store.Records("r").Select(r => r.CacheWriteTokens));
        Assert.Equal((first + second) / 2 * 1000, Assert.Single(report.Candidates).CostPer1kUsd!.Value, 9);
        Assert.Equal(first + second, summary.CostUsd!.Value, 12);
    }

    private static RunRecord Record(string id, long input, long cached, long written) =>
        new("r", "sonnet", id, 0, "h", "bug", "bug", "bug", true, """{"accuracy":1}""", input, cached, 10, 1_900, 0, 100, 120, false, null)
        {
            CacheWriteTokens = written,
        };
}
