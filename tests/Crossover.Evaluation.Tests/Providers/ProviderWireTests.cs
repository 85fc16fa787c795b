using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Tests.Providers;

public sealed class ProviderWireTests
{
    private static readonly ChatMessage[] Messages =
    [
        new(ChatRole.System, "Route the ticket."),
        new(ChatRole.User, "ticket 1: refund please"),
    ];

    private static Func<string, string?> Env(string name, string value) => n => n == name ? value : null;

    [Fact]
    public async Task OpenAi_SendsBearerKeyModelMessagesAndJsonSchema()
    {
        using var server = new ScriptedServer(_ => Reply.Text("billing", 12, 1, 4));
        var registry = new ProviderRegistry(environment: Env("MY_KEY", "sk-test"));
        var client = registry.CreateClient(new ModelSpec("openai", "gpt-4.1-mini", server.BaseUrl + "/v1", null, "MY_KEY", null, null, null));
        using var schema = System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}""");

        var response = await client.GetResponseAsync(Messages, new ChatOptions { Temperature = 0, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "answer") });

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test", request.Headers["authorization"]);
        Assert.Equal("gpt-4.1-mini", request.Model);
        Assert.Equal("system", (string?)request.Body["messages"]![0]!["role"]);
        Assert.Equal("json_schema", (string?)request.Body["response_format"]!["type"]);
        Assert.Equal(0, (double)request.Body["temperature"]!);
        Assert.Equal("billing", response.Text);
        Assert.Equal(12, response.Usage!.InputTokenCount);
        Assert.Equal(4, response.Usage.CachedInputTokenCount);
        Assert.Equal(1, response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task AzureOpenAi_UsesTheV1PathAndApiKeyHeader()
    {
        using var server = new ScriptedServer(_ => Reply.Text("bug"));
        var registry = new ProviderRegistry(environment: Env("AZURE_OPENAI_API_KEY", "az-key"));
        var client = registry.CreateClient(new ModelSpec("azure-openai", "my-deployment", server.BaseUrl, null, null, null, null, "gpt-4.1-mini"));

        var response = await client.GetResponseAsync(Messages);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.Equal("az-key", request.Headers["api-key"]);
        Assert.Equal("my-deployment", request.Model);
        Assert.Equal("bug", response.Text);
    }

    [Fact]
    public async Task Anthropic_SendsSystemSeparatelyWithVersionHeaderAndReadsUsage()
    {
        using var server = new ScriptedServer(_ => Reply.Text("account", 20, 3, 5));
        var registry = new ProviderRegistry(environment: Env("ANTHROPIC_API_KEY", "ant-key"));
        var client = registry.CreateClient(new ModelSpec("anthropic", "claude-haiku-4-5", server.BaseUrl, null, null, null, null, null));

        var response = await client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 50, Temperature = 0 });

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("ant-key", request.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", request.Headers["anthropic-version"]);
        var system = Assert.Single(request.Body["system"]!.AsArray())!;
        Assert.Equal("Route the ticket.", (string?)system["text"]);
        Assert.Equal("ephemeral", (string?)system["cache_control"]!["type"]);
        Assert.Single(request.Body["messages"]!.AsArray());
        Assert.Equal(50, (int)request.Body["max_tokens"]!);
        Assert.Equal("account", response.Text);
        Assert.Equal(20, response.Usage!.InputTokenCount);
        Assert.Equal(5, response.Usage.CachedInputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Anthropic_Error_CarriesStatusAndRetryAfter()
    {
        using var server = new ScriptedServer(_ => Reply.Status(429, "7"));
        var registry = new ProviderRegistry(environment: Env("ANTHROPIC_API_KEY", "ant-key"));
        var client = registry.CreateClient(new ModelSpec("anthropic", "claude-haiku-4-5", server.BaseUrl, null, null, null, null, null));

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Messages));

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task Ollama_PostsNonStreamingChatWithOptionsAndReadsCounts()
    {
        using var server = new ScriptedServer(_ => Reply.Text("other", 33, 2));
        var client = new ProviderRegistry().CreateClient(new ModelSpec("ollama", "llama3.2", server.BaseUrl, null, null, null, null, null));

        var response = await client.GetResponseAsync(Messages, new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 16, ResponseFormat = ChatResponseFormat.Json });

        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/chat", request.Path);
        Assert.False((bool)request.Body["stream"]!);
        Assert.Equal(16, (int)request.Body["options"]!["num_predict"]!);
        Assert.Equal("json", (string?)request.Body["format"]);
        Assert.Equal("other", response.Text);
        Assert.Equal(33, response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task BaseUrlEnv_OverridesTheFileEndpoint()
    {
        using var server = new ScriptedServer(_ => Reply.Text("bug"));
        var registry = new ProviderRegistry(environment: n => n == "TEAM_BASE_URL" ? server.BaseUrl + "/v1" : null);
        var client = registry.CreateClient(new ModelSpec("openai", "gpt-4.1-mini", "https://api.openai.com/v1", "TEAM_BASE_URL", null, null, null, null));

        var response = await client.GetResponseAsync(Messages);

        Assert.Equal("bug", response.Text);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void MissingKey_NamesTheVariableWithoutAnyKey()
    {
        var registry = new ProviderRegistry(environment: _ => null);

        var error = Assert.Throws<InputException>(() => registry.CreateClient(new ModelSpec("openai", "gpt-4.1", null, null, "TEAM_OPENAI_KEY", null, null, null)));

        Assert.Contains("the environment variable TEAM_OPENAI_KEY is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalProvider_NotRegistered_IsAClearInputError()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment("http://127.0.0.1:1", candidates: """
              - name: here
                model: { provider: local, id: models/llama }
            """));

        var error = Assert.Throws<InputException>(() => new ProviderRegistry().Validate(experiment));

        Assert.Contains("candidates[0].model.provider: provider 'local' is not available", error.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAI-compatible server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisteredProvider_IsUsedForItsCandidates()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(6);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment("http://127.0.0.1:1", candidates: """
              - name: here
                model: { provider: local, id: models/llama }
            """));
        var registry = new ProviderRegistry();
        var calls = 0;
        registry.Register("local", model => new EchoLabelClient(() => Interlocked.Increment(ref calls)));

        var outcome = await new Evaluation.Running.EvalRunner(registry, null).RunAsync(experiment, Evaluation.Store.RunStore.Open(workspace.Db));

        Assert.Equal(6, calls);
        Assert.Equal(0, outcome.Errors);
    }

    /// <summary>A host-registered provider: answers the label named in the ticket text.</summary>
    private sealed class EchoLabelClient(Action onCall) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            onCall();
            var text = messages.Last().Text;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Workspace.LabelOf(Workspace.IndexOf(text)))));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
