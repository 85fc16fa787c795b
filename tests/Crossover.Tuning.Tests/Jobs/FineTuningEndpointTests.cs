using Crossover.Core.Input;
using Crossover.Tuning.Jobs;

namespace Crossover.Tuning.Tests.Jobs;

public sealed class FineTuningEndpointTests
{
    private const string KeyEnv = "CROSSOVER_ENDPOINT_TEST_KEY";

    static FineTuningEndpointTests() => Environment.SetEnvironmentVariable(KeyEnv, "sk-endpoint-test");

    [Fact]
    public void Create_OpenAiWithoutOptions_UsesOpenAisRootAndKeyVariable()
    {
        var error = Assert.Throws<InputException>(() => FineTuningEndpoint.Create("openai", null, "CROSSOVER_ENDPOINT_UNSET_KEY", null));
        var endpoint = FineTuningEndpoint.Create("openai", null, KeyEnv, "2099-01-01");

        Assert.Equal(new FineTuningEndpoint("openai", FineTuningEndpoint.OpenAiBaseUrl, KeyEnv), endpoint);
        Assert.Contains("CROSSOVER_ENDPOINT_UNSET_KEY is not set", error.Message, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://api.openai.com/v1/files"), endpoint.Url("files"));
    }

    [Fact]
    public void Create_Azure_NeedsTheResourceEndpointAndDefaultsItsApiVersion()
    {
        var missing = Assert.Throws<InputException>(() => FineTuningEndpoint.Create("azure-openai", null, KeyEnv, null));
        var endpoint = FineTuningEndpoint.Create("azure-openai", "https://acme.openai.azure.com", KeyEnv, null);

        Assert.Equal("base-url", missing.Field);
        Assert.Equal(FineTuningEndpoint.DefaultAzureApiVersion, endpoint.ApiVersion);
        Assert.Equal(new Uri($"https://acme.openai.azure.com/openai/files?api-version={FineTuningEndpoint.DefaultAzureApiVersion}"), endpoint.Url("files"));
    }

    [Theory]
    [InlineData("ftp://acme/v1")]
    [InlineData("api.openai.com/v1")]
    public void Create_UrlNotHttp_IsRefusedByOption(string url)
    {
        var error = Assert.Throws<InputException>(() => FineTuningEndpoint.Create("openai", url, KeyEnv, null));

        Assert.Equal("base-url", error.Field);
    }
}
