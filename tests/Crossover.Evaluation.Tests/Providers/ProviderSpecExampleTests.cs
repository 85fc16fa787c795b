using System.Text.Json;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Tests.Providers;

/// <summary>Each provider against a server answering with its specification's own example payload.</summary>
public sealed class ProviderSpecExampleTests
{
    // OpenAI's structured-outputs guide, "Refusals": content null, refusal set, finish_reason stop.
    private const string OpenAiRefusal = """
        {"id":"chatcmpl-9nYAG9LPNonX8DAyrkwYfemr3C8HC","object":"chat.completion","created":1721596428,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I'm sorry, I cannot assist with that request."},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":81,"completion_tokens":11,"total_tokens":92,"completion_tokens_details":{"reasoning_tokens":0}},"system_fingerprint":"fp_3407719c7f"}
        """;

    // Anthropic's Messages API reference response, with the stop reason of a full context window and a cache write.
    private const string AnthropicFullContext = """
        {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Hi! My name is Claude."}],"stop_reason":"model_context_window_exceeded","stop_sequence":null,
         "usage":{"input_tokens":44,"output_tokens":503,"cache_creation_input_tokens":2051,"cache_read_input_tokens":0}}
        """;

    // Azure OpenAI's embeddings reference response.
    private const string AzureEmbeddings = """
        {"object":"list","data":[{"object":"embedding","embedding":[0.0023064255,-0.009327292,-0.0028842222],"index":0}],
         "model":"text-embedding-ada-002","usage":{"prompt_tokens":8,"total_tokens":8}}
        """;

    private static readonly ChatMessage[] Messages = [new(ChatRole.System, "Route the ticket."), new(ChatRole.User, "ticket 1: refund please")];

    private static Func<string, string?> Env(string name, string value) => n => n == name ? value : null;

    [Fact]
    public async Task OpenAiRefusal_IsRecordedAsAnErrorWithTheModelsReasonAndItsTokens()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        using var server = new SpecServer(OpenAiRefusal);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: $$"""
              - name: mini
                model: { provider: openai, id: gpt-4o, baseUrl: "{{server.BaseUrl}}/v1" }
            """));
        var store = RunStore.Open(workspace.Db);

        var outcome = await new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, store);

        var candidate = RunReport.Load(store, outcome.RunId, null).Candidates.Single();
        Assert.Equal(4, outcome.Errors);
        Assert.Equal("the model refused: I'm sorry, I cannot assist with that request.", Assert.Single(candidate.SampleErrors));
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Anthropic_ContextWindowExceededIsLengthCacheWritesAreCountedAndSchemaGoesAsOutputConfig()
    {
        using var server = new SpecServer(AnthropicFullContext);
        var client = new ProviderRegistry(environment: Env("ANTHROPIC_API_KEY", "ant-key")).CreateClient(new ModelSpec("anthropic", "claude-sonnet-4-5", server.BaseUrl, null, null, null, null, null));
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string","enum":["billing","bug"]}},"required":["answer"],"additionalProperties":false}""");

        var response = await client.GetResponseAsync(Messages, new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "answer") });

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(44 + 2051, response.Usage!.InputTokenCount);
        Assert.Equal(0, response.Usage.CachedInputTokenCount);
        Assert.Equal(2051, response.Usage.AdditionalCounts![CallMetadata.CacheWriteTokens]);
        var body = Assert.Single(server.Requests).Body;
        Assert.Equal("json_schema", (string?)body["output_config"]!["format"]!["type"]);
        Assert.Equal(JsonSerializer.Serialize(schema.RootElement), body["output_config"]!["format"]!["schema"]!.ToJsonString());
        Assert.Equal("ephemeral", (string?)body["system"]![0]!["cache_control"]!["type"]);
    }

    [Fact]
    public async Task AnthropicRefusal_IsHandedOnAsARefusalWithItsStopReason()
    {
        using var server = new SpecServer("""
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":"refusal","stop_sequence":null,
             "usage":{"input_tokens":30,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}
            """);
        var client = new ProviderRegistry(environment: Env("ANTHROPIC_API_KEY", "ant-key")).CreateClient(new ModelSpec("anthropic", "claude-haiku-4-5", server.BaseUrl, null, null, null, null, null));

        var response = await client.GetResponseAsync(Messages);

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal("stop_reason refusal", response.AdditionalProperties![CallMetadata.Refusal]);
        Assert.Null(response.Usage!.AdditionalCounts);
    }

    [Fact]
    public async Task CompatibleServerCacheWrites_AreReadFromPromptTokensDetails()
    {
        using var server = new SpecServer("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1721596428,"model":"some-model",
             "choices":[{"index":0,"message":{"role":"assistant","content":"billing"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1200.0,"completion_tokens":1,"total_tokens":1201,"prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":1024}}}
            """);
        var client = new ProviderRegistry().CreateClient(new ModelSpec("openai", "some-model", server.BaseUrl + "/v1", null, null, null, null, null));

        var response = await client.GetResponseAsync(Messages);

        Assert.Equal(1200, response.Usage!.InputTokenCount);
        Assert.Equal(1024, response.Usage.AdditionalCounts![CallMetadata.CacheWriteTokens]);
    }

    [Fact]
    public async Task AzureEmbeddings_PostToTheV1PathOnceWithOnlyTheApiKeyHeader()
    {
        using var server = new SpecServer(AzureEmbeddings);
        var generator = new ProviderRegistry(environment: Env("AZURE_OPENAI_API_KEY", "az-key"))
            .CreateEmbeddingGenerator(new ModelSpec("azure-openai", "my-embeddings", server.BaseUrl, null, null, null, null, null));

        var embeddings = await generator.GenerateAsync(["refund please"]);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/embeddings", request.Path);
        Assert.Equal("az-key", request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("authorization"));
        Assert.Equal(["refund please"], request.Body["input"]!.AsArray().Select(t => (string?)t));
        Assert.Equal([0.0023064255f, -0.009327292f, -0.0028842222f], embeddings.Single().Vector.ToArray());
        Assert.Equal(8, embeddings.Usage!.InputTokenCount);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}""", true)]
    [InlineData("""{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name"],"additionalProperties":false}""", false)]
    [InlineData("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""", false)]
    public async Task OpenAiJsonSchema_StrictOnlyWhenTheSchemaIsInTheStrictSubset(string schemaText, bool strict)
    {
        using var server = new ScriptedServer(_ => Reply.Text("""{"answer":"billing"}"""));
        var client = new ProviderRegistry().CreateClient(new ModelSpec("openai", "gpt-4.1-mini", server.BaseUrl + "/v1", null, null, null, null, null));
        using var schema = JsonDocument.Parse(schemaText);

        await client.GetResponseAsync(Messages, new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "answer") });

        Assert.Equal(strict, (bool)Assert.Single(server.Requests).Body["response_format"]!["json_schema"]!["strict"]!);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"required":["b"],"additionalProperties":false}},"required":["a"],"additionalProperties":false}""", null)]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"required":[]}},"required":["a"],"additionalProperties":false}""", "at #/properties/a: additionalProperties must be false")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","items":{"type":"object","properties":{"b":{"type":"string"}},"additionalProperties":false}}},"required":["a"],"additionalProperties":false}""", "at #/properties/a/items: property 'b' is not in required")]
    [InlineData("""{"type":"object","properties":{"a":{"oneOf":[{"type":"string"},{"type":"integer"}]}},"required":["a"],"additionalProperties":false}""", "at #/properties/a: 'oneOf' is not supported")]
    [InlineData("""{"type":"array","items":{"type":"string"}}""", "at the root: the schema must be of type object")]
    public void StrictSubset_NamesTheFirstProblemWithItsPath(string schemaText, string? problem)
    {
        using var schema = JsonDocument.Parse(schemaText);

        var found = StrictJsonSchema.Problem(schema.RootElement);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.StartsWith(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NegativeUsage_IsRecordedAsAnErrorWithTheReason()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        using var server = new ScriptedServer(seen => Reply.Text(Workspace.LabelOf(Workspace.IndexOf(seen.UserMessage)), promptTokens: -80));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: $$"""
              - name: mini
                model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{server.BaseUrl}}/v1" }
            """));
        var store = RunStore.Open(workspace.Db);

        var outcome = await new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, store);

        var candidate = RunReport.Load(store, outcome.RunId, null).Candidates.Single();
        Assert.Equal(4, outcome.Errors);
        Assert.Contains("impossible usage: input tokens -80", Assert.Single(candidate.SampleErrors), StringComparison.Ordinal);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task ErrorEchoingTheKey_IsStoredWithTheKeyAndCredentialHeadersRedacted()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        using var server = new SpecServer("""{"error":{"message":"Incorrect API key provided: team-secret-key-42. Sent Authorization: Bearer team-secret-key-42, api-key: az-other-secret","type":"invalid_request_error"}}""", 401);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, candidates: $$"""
              - name: mini
                model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{server.BaseUrl}}/v1", apiKeyEnv: TEAM_KEY }
            """));
        var store = RunStore.Open(workspace.Db);

        var outcome = await new EvalRunner(new ProviderRegistry(environment: Env("TEAM_KEY", "team-secret-key-42")), null).RunAsync(experiment, store);

        var error = Assert.Single(RunReport.Load(store, outcome.RunId, null).Candidates.Single().SampleErrors);
        Assert.Contains("HTTP 401: ", error, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer [redacted], api-key: [redacted]\"", error, StringComparison.Ordinal);
        Assert.DoesNotContain("team-secret-key-42", error, StringComparison.Ordinal);
        Assert.DoesNotContain("az-other-secret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", "sk-abc\r\nX-Injected: 1")]
    [InlineData("anthropic", "ant-key\n")]
    [InlineData("azure-openai", "az\tkey")]
    public void KeyWithAControlCharacter_IsOneInputErrorNamingTheVariableNotTheKey(string provider, string key)
    {
        var registry = new ProviderRegistry(environment: Env("TEAM_KEY", key));

        var error = Assert.Throws<InputException>(() => registry.CreateClient(new ModelSpec(provider, "m", "https://example.invalid", null, "TEAM_KEY", null, null, null)));

        Assert.StartsWith("model.apiKeyEnv: the environment variable TEAM_KEY holds a control character", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }
}
