using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Tests.Providers;

/// <summary>
/// What OllamaSharp 5.5.2's adapter loses and ours keeps (docs/reliability.md, section 6): a busy server's status, its
/// own words and the wait it asks for reach the retry layer.
/// </summary>
public sealed class OllamaErrorTests
{
    [Theory]
    [InlineData(429, "7")]
    [InlineData(503, "2")]
    public async Task Ollama_Error_CarriesStatusServerMessageAndRetryAfter(int status, string retryAfter)
    {
        using var server = new ScriptedServer(_ => Reply.Status(status, retryAfter));
        var client = new ProviderRegistry().CreateClient(new ModelSpec("ollama", "llama3.2", server.BaseUrl, null, null, null, null, null));

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "ticket 1: refund please")]));

        Assert.Equal(status, (int)error.Status);
        Assert.Equal(TimeSpan.FromSeconds(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture)), error.RetryAfter);
        Assert.Equal("scripted failure", error.ServerMessage);
    }
}
