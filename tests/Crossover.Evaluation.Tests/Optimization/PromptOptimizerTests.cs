using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Optimization;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Optimization;

/// <summary>
/// The optimizer against a scripted model whose accuracy depends on the prompt in known ways: it answers an item right
/// when the instructions contain the phrase the proposer offers, or when a demonstration of the item's label is shown,
/// and otherwise gets every label but billing wrong. So the known-best prompts score 1.0 and the starting prompt 0.25.
/// </summary>
public sealed class PromptOptimizerTests
{
    private const string Phrase = "DISAMBIGUATE";
    private static readonly PriceCatalog Catalog = PriceCatalogReader.LoadBundled();
    private static readonly Tokens.TokenCounter Tokens = Evaluation.Tokens.TokenCounter.ForModel("gpt-4.1-mini");

    private static Reply Model(SeenRequest request, bool proposerHelps = true)
    {
        var messages = request.Body["messages"]!.AsArray();
        var system = (string?)messages[0]!["content"] ?? string.Empty;
        if (system.StartsWith("You improve the instructions", StringComparison.Ordinal))
        {
            return Reply.Text(proposerHelps ? $"Read the ticket's main complaint. {Phrase} between the queues.\n---\nRoute the ticket to a queue.\n---\n" : "Route the ticket.\n---\nRoute it.");
        }

        var label = Workspace.LabelOf(Workspace.IndexOf(request.UserMessage));
        var shown = messages.Where(m => (string?)m!["role"] == "assistant").Select(m => (string?)m!["content"]).ToHashSet();
        var right = system.Contains(Phrase, StringComparison.Ordinal) || shown.Contains(label) || label == "billing";

        // Usage as a provider would bill it: the prompt as counted (plus framing), the answer up to the request's cap.
        var prompt = messages.Sum(m => Tokens.Count((string?)m!["content"] ?? string.Empty)) + (3 * messages.Count);
        return Reply.Text(right ? label : "billing", promptTokens: prompt, completionTokens: (int?)request.Body["max_tokens"] ?? (int?)request.Body["max_completion_tokens"] ?? 2);
    }

    private static (Workspace Workspace, Experiment Experiment) Setup(string baseUrl, string extra = "concurrency: 4")
    {
        var workspace = new Workspace();
        workspace.WriteTickets(80);
        var path = workspace.WriteExperiment(
            baseUrl,
            candidates: $$"""
                  - name: small
                    model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{baseUrl}}/v1" }
                """,
            split: "{ train: 0.4, dev: 0.4, test: 0.2, seed: 3 }",
            extra: extra);
        return (workspace, ExperimentReader.Load(path));
    }

    private static PromptOptimizer Optimizer() => new(new EvalRunner(new ProviderRegistry(), Catalog));

    private static IReadOnlyList<DataItem> TestSplit(Experiment experiment) =>
        DataSplit.Create(DatasetReader.Read(experiment.Dataset), experiment.Dataset.Split, stratify: true).Test;

    [Fact]
    public async Task FindsThePhraseTheProposerOffers_AndNeverSendsTheTestSplit()
    {
        using var server = new ScriptedServer(r => Model(r));
        var (workspace, experiment) = Setup(server.BaseUrl);
        using var _ = workspace;

        var result = await Optimizer().RunAsync(experiment, RunStore.Open(workspace.Db), new OptimizeOptions { Candidate = "small", Trials = 40, Proposals = 2 });

        Assert.Equal(1.0, result.BestScore.Score);
        Assert.True(result.Best.Instructions.Contains(Phrase, StringComparison.Ordinal) || result.Best.DemonstrationSource == "label coverage", result.Best.Describe());
        Assert.Equal(0.25, result.Start!.Score, 3);
        Assert.Equal(2, result.Proposals);
        var test = TestSplit(experiment).Select(i => Workspace.TextOf(Workspace.IndexOf(i.Fields["text"]))).ToList();
        var bodies = server.Requests.Select(r => r.Body.ToJsonString()).ToList();
        Assert.NotEmpty(bodies);
        Assert.All(test, text => Assert.DoesNotContain(bodies, b => b.Contains(text, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WithoutProposals_LabelCoverageDemonstrationsWin()
    {
        using var server = new ScriptedServer(r => Model(r));
        var (workspace, experiment) = Setup(server.BaseUrl);
        using var _ = workspace;

        var result = await Optimizer().RunAsync(experiment, RunStore.Open(workspace.Db), new OptimizeOptions { Candidate = "small", Trials = 40, Proposals = 0 });

        Assert.Equal(1.0, result.BestScore.Score);
        Assert.Equal("label coverage", result.Best.DemonstrationSource);
        Assert.Equal(Workspace.Labels.Length, result.Best.Demonstrations.Count);

        // Only billing items are answered right without help, so only they are bootstrapped.
        Assert.True(result.Bootstrapped > 0);
        Assert.DoesNotContain(server.Requests, r => r.Body.ToJsonString().Contains("You improve the instructions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameSeed_SameTrajectory_AndARerunPaysForNothing()
    {
        using var first = new ScriptedServer(r => Model(r));
        var (one, experimentOne) = Setup(first.BaseUrl);
        using var __ = one;
        using var second = new ScriptedServer(r => Model(r));
        var (two, experimentTwo) = Setup(second.BaseUrl);
        using var ___ = two;
        var options = new OptimizeOptions { Candidate = "small", Trials = 10, Proposals = 2, Seed = 5 };

        var a = await Optimizer().RunAsync(experimentOne, RunStore.Open(one.Db), options);
        var b = await Optimizer().RunAsync(experimentTwo, RunStore.Open(two.Db), options);
        var calls = first.Requests.Count;
        var again = await Optimizer().RunAsync(experimentOne, RunStore.Open(one.Db), options);

        Assert.Equal(a.Trajectory.Select(s => (s.Round, s.Trial, s.PromptHash, s.Score)), b.Trajectory.Select(s => (s.Round, s.Trial, s.PromptHash, s.Score)));
        Assert.Equal(a.Trajectory.Select(s => (s.Round, s.Trial, s.PromptHash, s.Score)), again.Trajectory.Select(s => (s.Round, s.Trial, s.PromptHash, s.Score)));
        Assert.Equal(calls, first.Requests.Count);
        Assert.True(a.CostUsd > 0);
        Assert.Equal(0, again.CostUsd);
    }

    [Fact]
    public async Task Budget_IsNeverExceeded_AndTheBestSoFarIsReported()
    {
        using var server = new ScriptedServer(r => Model(r));
        var (workspace, experiment) = Setup(server.BaseUrl);
        using var _ = workspace;
        var price = Catalog.FindModel("gpt-4.1-mini")!;

        // Room for the bootstrap, the probe, the proposal and a first round (at their ceilings), but not for every round.
        var plan = Optimizer().Plan(experiment, new OptimizeOptions { Candidate = "small", Trials = 24, Proposals = 2 });
        var budget = plan.Phases.Take(4).Sum(p => p.CostUsd ?? 0);
        var result = await Optimizer().RunAsync(experiment, RunStore.Open(workspace.Db), new OptimizeOptions { Candidate = "small", Trials = 24, Proposals = 2, BudgetUsd = budget });

        // What the server billed, from the usage it reported, is what the search says it paid, and within the budget.
        var billed = server.Requests.Sum(r =>
        {
            var reply = Model(r);
            var text = (TextReply)reply;
            return ((text.PromptTokens * price.Input) + (text.CompletionTokens * price.Output)) / 1e6;
        });
        Assert.True(result.StoppedByBudget, $"ran {result.Trajectory.Max(s => s.Round) + 1} rounds within ${budget}");
        Assert.True(billed <= budget, $"billed {billed} > {budget}");
        Assert.Equal(billed, result.CostUsd, 9);
        Assert.NotEmpty(result.Trajectory);
    }

    [Fact]
    public async Task KilledSearch_ResumesWithoutRepeatingAnsweredCalls()
    {
        using var cancel = new CancellationTokenSource();
        var answered = 0;
        using var server = new ScriptedServer(r =>
        {
            if (Interlocked.Increment(ref answered) == 30)
            {
                cancel.Cancel();
            }

            return Model(r);
        });
        var (workspace, experiment) = Setup(server.BaseUrl, extra: "concurrency: 1");
        using var _ = workspace;
        var options = new OptimizeOptions { Candidate = "small", Trials = 10, Proposals = 2 };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Optimizer().RunAsync(experiment, RunStore.Open(workspace.Db), options, cancellationToken: cancel.Token));
        var id = OptimizationStore.Open(workspace.Db).Ids().Single();
        var result = await Optimizer().RunAsync(experiment, RunStore.Open(workspace.Db), options, resumeId: id);

        // Each distinct request reached the server once, except at most the one in flight when the search was killed.
        var bodies = server.Requests.Select(r => r.Body.ToJsonString()).ToList();
        Assert.True(bodies.Count - bodies.Distinct().Count() <= 1, $"{bodies.Count - bodies.Distinct().Count()} calls repeated");
        Assert.Equal(1.0, result.BestScore.Score);
        Assert.Equal(result.Trajectory, OptimizationStore.Open(workspace.Db).Steps(id));
    }

    [Fact]
    public void BadInput_IsOneClearErrorBeforeAnyCall()
    {
        using var server = new ScriptedServer(r => Model(r));
        var (workspace, experiment) = Setup(server.BaseUrl);
        using var _ = workspace;

        var unknown = Assert.Throws<InputException>(() => Optimizer().Plan(experiment, new OptimizeOptions { Candidate = "nope" }));
        Assert.Contains("no candidate 'nope'", unknown.Message, StringComparison.Ordinal);

        var noDev = experiment with { Dataset = experiment.Dataset with { Split = experiment.Dataset.Split with { Dev = 0 } } };
        var dev = Assert.Throws<InputException>(() => Optimizer().Plan(noDev, new OptimizeOptions { Candidate = "small" }));
        Assert.Contains("no dev split", dev.Message, StringComparison.Ordinal);

        var budget = Assert.ThrowsAsync<InputException>(() => Optimizer().RunAsync(experiment, RunStore.Open(workspace.Db), new OptimizeOptions { Candidate = "small", BudgetUsd = 1e-9 })).Result;
        Assert.Contains("below one trial", budget.Message, StringComparison.Ordinal);

        var keyless = experiment.Candidates[0].Model with { ApiKeyEnv = "CROSSOVER_TEST_UNSET_PROPOSER_KEY" };
        var key = Assert.ThrowsAsync<InputException>(() => Optimizer().RunAsync(experiment, RunStore.Open(workspace.Db), new OptimizeOptions { Candidate = "small", Proposer = keyless })).Result;
        Assert.Contains("CROSSOVER_TEST_UNSET_PROPOSER_KEY", key.Message + key.Hint, StringComparison.Ordinal);

        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Proposals_AreBlocksBetweenDashLines_TrimmedDistinctAndCapped()
    {
        Assert.Equal(["one", "two\nlines"], PromptOptimizer.ParseProposals("one\n---\n\n two\nlines \n---\none\n---\n", 5));
        Assert.Equal(["a"], PromptOptimizer.ParseProposals("a\n---\nb", 1));
        Assert.Empty(PromptOptimizer.ParseProposals("  \n---\n", 3));
    }
}
