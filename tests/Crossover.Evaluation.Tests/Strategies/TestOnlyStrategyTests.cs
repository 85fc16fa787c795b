using System.Text;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Crossover.Evaluation.Strategies;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Tests.Strategies;

/// <summary>
/// A strategy defined here, in a test, and nowhere in src: for models without a system role, everything goes in one
/// user turn, and the answer is read from a closing <c>Verdict:</c> line. It proves a new strategy is one class plus
/// one registration.
/// </summary>
internal sealed class SingleTurnVerdictStrategy : IPromptStrategy
{
    public const string Prefix = "Verdict:";

    public string Name => "single-turn-verdict";

    public int DefaultShots => 0;

    public bool Reasons => true;

    public IPromptStrategy WithShots(int shots) => this;

    public string Instructions(TaskSpec task, string instructions, string? format) =>
        $"{instructions.Trim()} Choose one of: {string.Join(", ", task.Labels)}. {format ?? "End with a line 'Verdict: <label>'."}";

    public string DemonstrationAnswer(TaskSpec task, string expected) => $"{Prefix} {expected}";

    public IReadOnlyList<ChatMessage> Messages(string system, IReadOnlyList<Demonstration> demonstrations, string input)
    {
        // The input comes first so a reader of the turn (and the scripted server) finds the item at once.
        var turn = new StringBuilder(input).Append("\n\n").Append(system);
        foreach (var demonstration in demonstrations)
        {
            turn.Append("\nExample: ").Append(demonstration.Input).Append(" => ").Append(demonstration.Answer);
        }

        return [new ChatMessage(ChatRole.User, turn.ToString())];
    }

    public ChatResponseFormat? ResponseFormat(TaskSpec task) => null;

    public ExtractedAnswer ExtractAnswer(TaskSpec task, string output)
    {
        var at = output.LastIndexOf(Prefix, StringComparison.Ordinal);
        return at < 0 ? new(output.Trim(), false, $"no '{Prefix}' line") : new(output[(at + Prefix.Length)..].Trim(), true, null);
    }

    public int OutputTokenOverhead(TaskSpec task) => 40;

    public IReadOnlyList<string?> FormatVariants(TaskSpec task) => [null];
}

public sealed class TestOnlyStrategyTests
{
    private static readonly PromptStrategies Strategies = PromptStrategies.Default.With(new SingleTurnVerdictStrategy());

    private static string Candidates(string baseUrl) => $"""
          - name: verdict
            model: {"{"} provider: openai, id: gpt-4.1-mini, baseUrl: "{baseUrl}/v1" {"}"}
            strategy: {"{"} kind: single-turn-verdict {"}"}
        """;

    /// <summary>Reasons, then the verdict; wrong on every fifth item. A prompt not shaped by the strategy gets the bare label.</summary>
    private static Reply Script(SeenRequest request)
    {
        var messages = request.Body["messages"]!.AsArray();
        var i = Workspace.IndexOf(request.UserMessage);
        var label = i % 5 == 0 ? Workspace.LabelOf(i + 1) : Workspace.LabelOf(i);
        var oneTurn = messages.Count == 1 && (string?)messages[0]!["role"] == "user" && request.UserMessage.Contains("End with a line 'Verdict: <label>'.", StringComparison.Ordinal);
        return Reply.Text(oneTurn ? $"The ticket reads like {label}.\nVerdict: {label}" : label);
    }

    [Fact]
    public async Task RegisteredInATest_IsReadSentExtractedAndScored()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(10);
        using var server = new ScriptedServer(Script);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, Candidates(server.BaseUrl)), allowOutsideFiles: false, strategies: Strategies);
        var store = RunStore.Open(workspace.Db);

        var outcome = await new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, store);

        Assert.Equal("single-turn-verdict", experiment.Candidates[0].Strategy.Kind.Name);
        Assert.All(server.Requests, r => Assert.Single(r.Body["messages"]!.AsArray()));
        var records = store.Records(outcome.RunId).ToList();
        Assert.Equal(10, records.Count);
        Assert.All(records, r => Assert.StartsWith("The ticket reads like", r.Output, StringComparison.Ordinal));
        Assert.All(records, r => Assert.True(r.Compliant));
        Assert.Equal(8, records.Count(r => r.Parsed == r.Expected));
        Assert.Equal(8, records.Count(r => r.Scores.Contains("\"accuracy\":1", StringComparison.Ordinal)));
    }

    [Fact]
    public void RegisteredInATest_DryRunAddsItsOutputOverhead()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(6);
        using var server = new ScriptedServer(Script);
        var verdict = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, Candidates(server.BaseUrl)), allowOutsideFiles: false, strategies: Strategies);
        var plain = verdict with { Candidates = [verdict.Candidates[0] with { Strategy = verdict.Candidates[0].Strategy with { Kind = PromptStrategies.ZeroShot } }] };
        var runner = new EvalRunner(new ProviderRegistry(), null);

        var withOverhead = Assert.Single(runner.DryRun(verdict));
        var without = Assert.Single(runner.DryRun(plain));

        Assert.Empty(server.Requests);
        Assert.Equal(6 * 40, withOverhead.OutputTokens - without.OutputTokens);
    }

    [Fact]
    public void NotRegistered_IsRejectedNamingTheKnownStrategies()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);

        var error = Assert.Throws<InputException>(() => ExperimentReader.Load(workspace.WriteExperiment("http://127.0.0.1:9", Candidates("http://127.0.0.1:9"))));

        Assert.Contains("strategy.kind: 'single-turn-verdict' is not allowed", error.Message, StringComparison.Ordinal);
        Assert.Contains("zero-shot, few-shot, chain-of-thought, structured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisteringTheSameNameTwice_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Strategies.With(new SingleTurnVerdictStrategy()));
        Assert.DoesNotContain("single-turn-verdict", PromptStrategies.Default.Names);
    }
}
