using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Providers;

/// <summary>
/// A new provider is one file (<see cref="KeywordChatClient"/>) plus one registration line: an experiment names it, and
/// eval runs it through the same catalogue checks, call pipeline (cache, metering), scoring and store as a built-in one.
/// </summary>
public sealed class OneFileProviderTests
{
    private const string Candidates = """
          - name: keywords
            model: { provider: keyword, id: "billing,bug,account,other" }
        """;

    [Fact]
    public async Task ProviderDefinedInATestFile_IsRunEndToEndByEval()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment("http://unused", candidates: Candidates, extra: "metrics: [accuracy, format-compliance]"));
        var clients = new List<KeywordChatClient>();
        var registry = new ProviderRegistry();

        registry.Register(new ProviderRegistration("keyword", model => Track(clients, new KeywordChatClient(model.Id))));

        var store = RunStore.Open(workspace.Db);
        var outcome = await new EvalRunner(registry, null).RunAsync(experiment, store);
        var candidate = RunReport.Load(store, outcome.RunId, null).Candidates.Single();
        var rerun = await new EvalRunner(registry, null).RunAsync(experiment, store);

        // Every ticket's text names its label, so the keyword provider is right on all 8 test items.
        Assert.Equal(8, outcome.Recorded);
        Assert.Equal(0, outcome.Errors);
        Assert.Equal(8, outcome.ProviderCalls);
        Assert.Equal(1.0, candidate.Metrics["accuracy"].Value, 9);
        Assert.Equal(1.0, candidate.Metrics["format-compliance"].Value, 9);
        Assert.True(candidate.Tokens.Output > 0, "the provider's usage reaches the report through the metering layer");
        Assert.Equal(8, rerun.CacheHits);
        Assert.Equal(8, clients.Sum(c => c.Calls));
    }

    [Fact]
    public void UnregisteredProvider_IsRefusedBeforeAnyCallNamingTheField()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment("http://unused", candidates: Candidates));

        var error = Assert.Throws<Core.Input.InputException>(() => new ProviderRegistry().Validate(experiment));

        Assert.Contains("candidates[0].model.provider: provider 'keyword' is not available", error.Message, StringComparison.Ordinal);
    }

    private static KeywordChatClient Track(List<KeywordChatClient> clients, KeywordChatClient client)
    {
        lock (clients)
        {
            clients.Add(client);
        }

        return client;
    }
}
