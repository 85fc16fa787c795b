using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Tests.Providers;

public sealed class ProviderRegistryTests
{
    private static Experiment Load(Workspace workspace, string candidates, string extra = "")
    {
        workspace.WriteTickets(8);
        return ExperimentReader.Load(workspace.WriteExperiment("http://127.0.0.1:1", candidates: candidates, extra: extra, split: "{ train: 0.5, dev: 0, test: 0.5, seed: 3 }"));
    }

    [Theory]
    [InlineData("anthropic", "    temperature: 1.5\n", "", "candidates[0].temperature: 1.5 is above what anthropic accepts (anthropic takes temperatures from 0 to 1")]
    [InlineData("anthropic", "", "temperature: 1.2", "temperature: 1.2 is above what anthropic accepts")]
    [InlineData("openai", "    temperature: 2\n", "", null)]
    [InlineData("anthropic", "    temperature: 1\n", "", null)]
    public void Temperature_IsCheckedAgainstTheCandidatesProvider(string provider, string candidateTemperature, string experimentTemperature, string? expected)
    {
        using var workspace = new Workspace();
        var experiment = Load(workspace, $"""
              - name: one
                model: {"{"} provider: {provider}, id: some-model {"}"}
            {candidateTemperature}
            """, experimentTemperature);

        var error = Record.Exception(() => new ProviderRegistry().Validate(experiment));

        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, Assert.IsType<InputException>(error).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReasoningModel_WithATemperature_IsRefused()
    {
        using var workspace = new Workspace();
        var experiment = Load(workspace, """
              - name: thinker
                model: { provider: openai, id: o4-mini, reasoning: true }
                temperature: 0.2
            """);

        var error = Assert.Throws<InputException>(() => new ProviderRegistry().Validate(experiment));

        Assert.Contains("candidates[0].temperature: model 'o4-mini' is marked reasoning: it takes no temperature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReasoningModel_IsSentNoTemperatureEvenWhenTheExperimentSetsOne()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        using var server = new ScriptedServer(seen => Reply.Text(Workspace.LabelOf(Workspace.IndexOf(seen.UserMessage))));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: $$"""
              - name: thinker
                model: { provider: openai, id: o4-mini, reasoning: true, baseUrl: "{{server.BaseUrl}}/v1" }
              - name: plain
                model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{server.BaseUrl}}/v1" }
            """, extra: "temperature: 0.7"));

        await new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, RunStore.Open(workspace.Db));

        Assert.All(server.Requests.Where(r => r.Model == "o4-mini"), r => Assert.Null(r.Body["temperature"]));
        Assert.All(server.Requests.Where(r => r.Model == "gpt-4.1-mini"), r => Assert.Equal(0.7, (double)r.Body["temperature"]!, 3));
    }

    [Fact]
    public void EmbeddingsFromAProviderWithoutThem_IsRefusedNamingTheOnesThatHaveThem()
    {
        using var workspace = new Workspace();
        var experiment = Load(workspace, """
              - name: near
                model: { provider: openai, id: gpt-4.1-mini }
                strategy: { kind: few-shot, shots: 2, select: similar, embeddings: { provider: ollama, id: nomic-embed-text } }
            """);

        var error = Assert.Throws<InputException>(() => new ProviderRegistry().Validate(experiment));

        Assert.Contains("candidates[0].strategy.embeddings.provider: 'ollama' has no embeddings support here (use one of: azure-openai, openai)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisteredProvider_OneRegistration_ServesChatAndEmbeddings()
    {
        using var workspace = new Workspace();
        var experiment = Load(workspace, """
              - name: near
                model: { provider: in-memory, id: echo }
                strategy: { kind: few-shot, shots: 2, select: similar, embeddings: { provider: in-memory, id: letters } }
            """);
        var registry = new ProviderRegistry();
        var embedded = 0;
        registry.Register(new ProviderRegistration("in-memory", _ => new EchoLabelClient())
        {
            CreateEmbeddings = _ => new LetterCountGenerator(() => Interlocked.Increment(ref embedded)),
        });

        var outcome = await new EvalRunner(registry, null).RunAsync(experiment, RunStore.Open(workspace.Db));

        Assert.Equal(0, outcome.Errors);
        Assert.True(embedded > 0);
    }

    /// <summary>A chat provider that answers the label named in the ticket text.</summary>
    private sealed class EchoLabelClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Workspace.LabelOf(Workspace.IndexOf(messages.Last().Text)))));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>An embeddings provider: a vector of letter counts per text.</summary>
    private sealed class LetterCountGenerator(Action onCall) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            onCall();
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Enumerable.Range('a', 26).Select(c => (float)v.Count(x => x == c)).ToArray()))));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
