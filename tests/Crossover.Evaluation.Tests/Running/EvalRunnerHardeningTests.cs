using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Running;

public sealed class EvalRunnerHardeningTests
{
    [Theory]
    [InlineData(-800, 2, 0)]
    [InlineData(40, -2, 0)]
    [InlineData(40, 2, 50)]
    [InlineData(int.MaxValue, 2, 0)]
    public async Task ImplausibleUsage_IsRecordedAsAnErrorWithTheReason(int prompt, int completion, int cached)
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        using var server = new ScriptedServer(request => Workspace.IndexOf(request.UserMessage) == 1
            ? Reply.Text("bug", prompt, completion, cached)
            : Reply.Text(Workspace.LabelOf(Workspace.IndexOf(request.UserMessage))));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: $"""
              - name: good
                model: {"{"} provider: openai, id: gpt-4.1-mini, baseUrl: "{server.BaseUrl}/v1" {"}"}
            """));

        var outcome = await new EvalRunner(new ProviderRegistry(), Core.Catalog.PriceCatalogReader.LoadBundled()).RunAsync(experiment, RunStore.Open(workspace.Db));

        var records = RunStore.Open(workspace.Db).Records(outcome.RunId).ToList();
        var bad = Assert.Single(records, r => r.ItemId == "t1");
        Assert.Contains("InvalidDataException: the provider reported impossible usage", bad.Error, StringComparison.Ordinal);
        Assert.All(records, r => Assert.True(r.InputTokens >= 0 && r.OutputTokens >= 0 && r.CachedTokens <= r.InputTokens));
        var report = RunReport.Load(RunStore.Open(workspace.Db), outcome.RunId, Core.Catalog.PriceCatalogReader.LoadBundled());
        Assert.True(report.Candidates[0].CostPer1kUsd > 0);
    }

    [Fact]
    public async Task ServerEchoingTheAuthorizationHeader_LeavesNoKeyInTheStore()
    {
        const string variable = "CROSSOVER_TEST_ECHO_API_KEY";
        const string key = "sk-test-0123456789abcdef";
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            using var workspace = new Workspace();
            workspace.WriteTickets(2);
            using var server = new ScriptedServer(_ => new EchoHeadersReply(400));
            var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: $"""
                  - name: good
                    model: {"{"} provider: openai, id: gpt-4.1-mini, baseUrl: "{server.BaseUrl}/v1", apiKeyEnv: {variable} {"}"}
                """));

            var outcome = await new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, RunStore.Open(workspace.Db));

            var report = RunReport.Load(RunStore.Open(workspace.Db), outcome.RunId, null);
            var errors = RunStore.Open(workspace.Db).Records(outcome.RunId).Select(r => r.Error!).ToList();
            Assert.Equal(2, errors.Count);
            Assert.All(errors, e => Assert.DoesNotContain(key, e, StringComparison.Ordinal));
            Assert.All(errors, e => Assert.Contains(ApiKeys.Mask, e, StringComparison.Ordinal));
            Assert.All(report.Candidates[0].SampleErrors, e => Assert.DoesNotContain(key, e, StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("Authorization: Bearer sk-abc123def456", "Authorization: Bearer [redacted]")]
    [InlineData("{\"api-key\": \"0123456789abcdef\"}", "{\"api-key\": \"[redacted]\"}")]
    [InlineData("x-api-key: sk-ant-xyz987654321", "x-api-key: [redacted]")]
    [InlineData("plain message, nothing secret", "plain message, nothing secret")]
    public void Redact_MasksBearerAndApiKeyPatterns(string text, string expected)
    {
        Assert.Equal(expected, ApiKeys.Redact(text));
    }

    [Fact]
    public async Task InvalidDataset_LeavesNoStoreBehind()
    {
        using var workspace = new Workspace();
        File.WriteAllText(Path.Combine(workspace.Folder, "data.jsonl"), "{\"id\":\"t0\",\"text\":\"a\",\"label\":\"nonsense\"}\n");
        var experiment = ExperimentReader.Load(workspace.WriteExperiment("http://127.0.0.1:9"));

        await Assert.ThrowsAsync<Core.Input.InputException>(() => new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, () => RunStore.Open(workspace.Db)));

        Assert.False(File.Exists(workspace.Db));
    }
}
