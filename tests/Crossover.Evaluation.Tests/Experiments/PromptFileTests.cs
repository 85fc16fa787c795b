using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Experiments;

/// <summary>A candidate whose strategy names a prompt file: what the model is sent, and the mistakes that are one clear line.</summary>
public sealed class PromptFileTests
{
    private static string Write(Workspace workspace, string baseUrl, string promptYaml, string strategy = "{ kind: few-shot, prompt: best.prompt.yaml }")
    {
        workspace.WriteTickets(40);
        File.WriteAllText(Path.Combine(workspace.Folder, "best.prompt.yaml"), promptYaml);
        return workspace.WriteExperiment(
            baseUrl,
            candidates: $$"""
                  - name: tuned-prompt
                    model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{baseUrl}}/v1" }
                    strategy: {{strategy}}
                """,
            split: "{ train: 0.5, dev: 0.25, test: 0.25, seed: 3 }");
    }

    [Fact]
    public async Task PromptFile_ReplacesInstructionsAndFormat_AndShowsItsDemonstrationsInOrder()
    {
        using var workspace = new Workspace();
        using var server = new ScriptedServer(r => Reply.Text(Workspace.LabelOf(Workspace.IndexOf(r.UserMessage))));
        var path = Write(workspace, server.BaseUrl, "instructions: x\n");
        var split = ExperimentReader.Load(path).Dataset;
        var train = Evaluation.Data.DataSplit.Create(Evaluation.Data.DatasetReader.Read(split), split.Split, stratify: true).Train.Select(i => int.Parse(i.Id[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var (first, second) = (train[0], train[1]);
        File.WriteAllText(Path.Combine(workspace.Folder, "best.prompt.yaml"), $"instructions: \"Pick the queue carefully.\"\nformat: \"Only the label, please.\"\ndemonstrations: [t{first}, t{second}]\n");
        var experiment = ExperimentReader.Load(path);

        await new EvalRunner(new ProviderRegistry(), PriceCatalogReader.LoadBundled()).RunAsync(experiment, RunStore.Open(workspace.Db));

        var request = server.Requests.First();
        var messages = request.Body["messages"]!.AsArray();
        Assert.Equal("Pick the queue carefully.\nAnswer with exactly one of: billing, bug, account, other. Only the label, please.", (string?)messages[0]!["content"]);
        Assert.Equal(Workspace.TextOf(first), (string?)messages[1]!["content"]);
        Assert.Equal(Workspace.LabelOf(first), (string?)messages[2]!["content"]);
        Assert.Equal(Workspace.TextOf(second), (string?)messages[3]!["content"]);
        Assert.Equal(6, messages.Count);
    }

    [Theory]
    [InlineData("instructions: x\ndemonstrations: [t1, nope]\n", "{ kind: few-shot, prompt: best.prompt.yaml }", "demonstration 'nope', which is not in the train split")]
    [InlineData("instructions: x\ndemonstrations: [t1]\n", "{ kind: few-shot, shots: 2, prompt: best.prompt.yaml }", "shots and select do not apply")]
    [InlineData("instructions: x\ndemonstrations: [t1]\n", "{ kind: zero-shot, prompt: best.prompt.yaml }", "the strategy is zero-shot")]
    [InlineData("instructions: x\n", "{ kind: few-shot, select: fixed }", "fixed selection shows the demonstrations a prompt file lists")]
    [InlineData("instructions: x\n", "{ kind: zero-shot, prompt: missing.prompt.yaml }", "'missing.prompt.yaml' does not exist")]
    [InlineData("demonstrations: []\n", "{ kind: zero-shot, prompt: best.prompt.yaml }", "instructions")]
    public async Task BadPromptFile_IsOneLocatedError(string promptYaml, string strategy, string expected)
    {
        using var workspace = new Workspace();
        using var server = new ScriptedServer(r => Reply.Text("billing"));
        var path = Write(workspace, server.BaseUrl, promptYaml, strategy);

        var error = await Assert.ThrowsAsync<InputException>(async () =>
            await new EvalRunner(new ProviderRegistry(), null).RunAsync(ExperimentReader.Load(path), RunStore.Open(workspace.Db)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void PromptFile_RoundTripsThroughItsYaml()
    {
        using var workspace = new Workspace();
        var prompt = new PromptFile("Line one: \"quoted\"\nline two # not a comment", "Only the label.", ["a b", "c:d"]);
        var path = Path.Combine(workspace.Folder, "p.prompt.yaml");
        File.WriteAllText(path, prompt.ToYaml("written by a test"));

        var read = PromptFile.Load(path);

        Assert.Equal(prompt.Instructions, read.Instructions);
        Assert.Equal(prompt.Format, read.Format);
        Assert.Equal(prompt.Demonstrations, read.Demonstrations);
    }
}
