using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Scoring;

public sealed class EmbeddingSimilarityTests
{
    /// <summary>Ticket n embeds to the unit vector at angle n/20, so cosine similarity ranks tickets by |n − m|.</summary>
    private static float[] ByNumber(string text)
    {
        var angle = Workspace.IndexOf(text) / 20.0;
        return [(float)Math.Cos(angle), (float)Math.Sin(angle)];
    }

    private static string Experiment(Workspace workspace, string baseUrl, string? embeddingsUrl = null, string embeddingsExtra = "") => workspace.WriteExperiment(
        baseUrl,
        candidates: $$"""
              - name: similar
                model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{baseUrl}}/v1" }
                strategy:
                  kind: few-shot
                  shots: 3
                  select: similar
                  similarity: embeddings
                  embeddings: { provider: openai, id: text-embedding-3-small, baseUrl: "{{embeddingsUrl ?? baseUrl}}/v1"{{embeddingsExtra}} }
            """,
        split: "{ train: 0.5, dev: 0, test: 0.5, seed: 3 }");

    [Fact]
    public async Task SimilarByEmbeddings_ShowsTheNearestTrainExamplesNearestFirst()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(40);
        using var server = new ScriptedServer(r => Reply.Text(Workspace.LabelOf(Workspace.IndexOf(r.UserMessage))), embed: ByNumber);
        var experiment = ExperimentReader.Load(Experiment(workspace, server.BaseUrl));

        var outcome = await new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, RunStore.Open(workspace.Db));

        var chats = server.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, chats.Count);
        Assert.Equal(0, outcome.Errors);
        var scored = chats.Select(r => Workspace.IndexOf(r.UserMessage)).ToHashSet();
        var train = Enumerable.Range(0, 40).Where(n => !scored.Contains(n)).ToList();
        foreach (var chat in chats)
        {
            var item = Workspace.IndexOf(chat.UserMessage);
            var shown = chat.Body["messages"]!.AsArray().Where(m => (string?)m!["role"] == "user").SkipLast(1).Select(m => Workspace.IndexOf((string)m!["content"]!)).ToList();
            var distances = shown.Select(n => Math.Abs(n - item)).ToList();
            var nearest = train.Select(n => Math.Abs(n - item)).Order().Take(3).ToList();
            Assert.Equal(nearest, distances.Order().ToList());
            Assert.Equal(distances.Order().ToList(), distances);
        }
    }

    [Fact]
    public async Task Rerun_EmbedsNothingAgain()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(12);
        using var server = new ScriptedServer(r => Reply.Text(Workspace.LabelOf(Workspace.IndexOf(r.UserMessage))), embed: ByNumber);
        var experiment = ExperimentReader.Load(Experiment(workspace, server.BaseUrl));
        var runner = new EvalRunner(new ProviderRegistry(), null);

        await runner.RunAsync(experiment, RunStore.Open(workspace.Db));
        var embedded = server.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));
        var trainBatch = server.Requests.First(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));
        await runner.RunAsync(experiment, RunStore.Open(workspace.Db));

        // 12 tickets, 3 per label; half of each label (2 after rounding) goes to train: 8 train, 4 scored.
        Assert.Equal(8, trainBatch.Body["input"]!.AsArray().Count);
        Assert.Equal(1 + 4, embedded);
        Assert.Equal(embedded, server.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UnreachableEmbeddingsEndpoint_IsOneInputErrorBeforeAnyChatCall()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        using var server = new ScriptedServer(_ => Reply.Text("billing"));
        var experiment = ExperimentReader.Load(Experiment(workspace, server.BaseUrl, embeddingsUrl: "http://127.0.0.1:9"));

        var error = await Assert.ThrowsAsync<Core.Input.InputException>(() => new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, RunStore.Open(workspace.Db)));

        Assert.Contains("cannot embed the train split with 'text-embedding-3-small'", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Embeddings429WithRetryAfter_WaitsThenCompletesTheRunAndMetersTheTokens()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(12);
        using var server = new ScriptedServer(
            r => Reply.Text(Workspace.LabelOf(Workspace.IndexOf(r.UserMessage))), embed: ByNumber, embedFault: n => n == 1 ? Reply.Status(429, retryAfter: "1") : null);
        var experiment = ExperimentReader.Load(Experiment(workspace, server.BaseUrl, embeddingsExtra: ", priceAs: gpt-4.1-mini"));

        var outcome = await new EvalRunner(new ProviderRegistry(), PriceCatalogReader.LoadBundled()).RunAsync(experiment, RunStore.Open(workspace.Db));

        Assert.Equal(0, outcome.Errors);
        Assert.Equal(4, outcome.Recorded);
        var embeds = server.Requests.Where(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)).ToList();
        Assert.Equal(embeds[0].UserMessage, embeds[1].UserMessage);
        Assert.True(embeds[1].At - embeds[0].At >= TimeSpan.FromSeconds(0.9), $"retried after {embeds[1].At - embeds[0].At}");

        // The 429 is not an answer: the train batch once, then one query per scored item.
        Assert.Equal(1 + 4, outcome.EmbeddingCalls);
        var tokens = embeds.Skip(1).Sum(r => r.UserMessage.Split('\n').Sum(t => t.Length / 4));
        Assert.Equal(tokens, outcome.EmbeddingTokens);
        Assert.Equal(tokens * 0.40 / 1e6, outcome.EmbeddingCostUsd, 6);
    }

    [Fact]
    public async Task PersistentEmbeddings500_EndsInOneInputErrorAfterTheRetries()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        using var server = new ScriptedServer(_ => Reply.Text("billing"), embedFault: _ => Reply.Status(500));
        var experiment = ExperimentReader.Load(Experiment(workspace, server.BaseUrl));

        var error = await Assert.ThrowsAsync<Core.Input.InputException>(() => new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, RunStore.Open(workspace.Db)));

        Assert.Contains("cannot embed the train split with 'text-embedding-3-small'", error.Message, StringComparison.Ordinal);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);

        // retries: 3 in the experiment, and only our layer retries (not the SDK as well): at most 1 + 3 requests (an
        // attempt timed out on a cold start may never reach the server).
        Assert.InRange(server.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)), 2, 1 + 3);
        Assert.DoesNotContain(server.Requests, r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
    }
}
