using System.Collections.Concurrent;
using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Crossover.Tuning.Data;
using Microsoft.Extensions.AI;

namespace Crossover.Tuning.Tests.Data;

public sealed class TrainingPromptTests
{
    private static readonly PriceCatalog Catalog = PriceCatalogReader.LoadBundled();

    [Theory]
    [InlineData(TrainingFormat.OpenAiChat)]
    [InlineData(TrainingFormat.HfChat)]
    public async Task AppendedTunedCandidate_IsEvaluatedOnExactlyTheMessagesOfItsTrainingFile(TrainingFormat format)
    {
        using var data = new TuneData();
        var experiment = ExperimentReader.Load(data.Write());
        using var file = new StringWriter();
        TrainingWriter.Write(TrainingPreparer.Prepare(experiment, new PrepareOptions(format), Catalog).Examples, format, file);
        var trained = file.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("messages").EnumerateArray()
                .Select(m => (Role: m.GetProperty("role").GetString()!, Content: m.GetProperty("content").GetString()!)).ToList())
            .ToList();

        // What tune start / tune import do once the job succeeds, then what eval sends that candidate.
        ExperimentCandidates.Append(data.Experiment, "tuned-x", new ModelSpec("openai", "ft:gpt-4.1-mini:x", null, null, null, null, null, null), TrainingPrompt.Strategy);
        var appended = ExperimentReader.Load(data.Experiment);
        var tuned = appended with { Candidates = [appended.Candidates.Single(c => c.Name == "tuned-x")] };
        var sent = new ConcurrentBag<List<(string Role, string Content)>>();
        var providers = new ProviderRegistry();
        providers.Register("openai", _ => new CapturingClient(sent));
        await new EvalRunner(new CallSetup(providers, Catalog) { UseCache = false }).RunAsync(tuned, RunStore.Open(Path.Combine(data.Folder, "crossover.db")));

        Assert.Equal(20, sent.Count);
        var evaluated = sent.ToDictionary(m => m[^1].Content, m => m);
        foreach (var example in trained)
        {
            Assert.Equal("assistant", example[^1].Role);
            Assert.Equal(example[..^1], evaluated[example[^2].Content]);
        }
    }

    [Fact]
    public void Messages_CarryTheZeroShotAnswerFormatNotJustTheInstructions()
    {
        using var data = new TuneData();
        var task = ExperimentReader.Load(data.Write()).Task;
        var messages = TrainingPrompt.For(task).Messages(new Dictionary<string, string> { ["text"] = "my invoice" });

        Assert.Equal([("system", "Route the support ticket.\nAnswer with exactly one of: billing, bug. Reply with the label only."), ("user", "Ticket: my invoice")], messages);
    }

    private sealed class CapturingClient(ConcurrentBag<List<(string Role, string Content)>> sent) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            sent.Add([.. messages.Select(m => (m.Role.Value, m.Text))]);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "billing"))
            {
                Usage = new UsageDetails { InputTokenCount = 30, OutputTokenCount = 1 },
            });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
