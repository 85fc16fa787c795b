using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> over the OpenAI embeddings wire format (POST {baseUrl}/embeddings,
/// https://platform.openai.com/docs/api-reference/embeddings/create), for <c>openai</c> and <c>azure-openai</c> (its v1
/// API). Written over HttpClient like the chat client, so the key goes in exactly one header (Bearer for OpenAI,
/// <c>api-key</c> for Azure) and errors carry status and Retry-After to the retry layer as <see cref="ProviderException"/>.
/// </summary>
internal sealed class OpenAiCompatibleEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly KeyHeader _auth;
    private readonly string _provider;
    private readonly TimeProvider _time;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public OpenAiCompatibleEmbeddingGenerator(HttpClient http, string baseUrl, string model, KeyHeader auth, string provider, TimeProvider time)
    {
        _http = http;
        _endpoint = new Uri(baseUrl.TrimEnd('/') + "/embeddings");
        _model = model;
        _auth = auth;
        _provider = provider;
        _time = time;
        _metadata = new EmbeddingGeneratorMetadata(provider, _endpoint, model);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var body = new JsonObject
        {
            ["model"] = options?.ModelId ?? _model,
            ["input"] = new JsonArray([.. texts.Select(t => (JsonNode)t)]),
            ["encoding_format"] = "float",
        };
        var json = await HttpJson.PostAsync(_http, _endpoint, body, new Dictionary<string, string> { [_auth.Name] = _auth.Value }, _provider, _time, cancellationToken, _auth.Key);
        var data = json["data"] as JsonArray ?? throw new JsonException($"{_provider} answered /embeddings without 'data'");
        var vectors = new Embedding<float>[texts.Count];
        foreach (var item in data.OfType<JsonObject>())
        {
            var index = (int?)item["index"] ?? throw new JsonException($"{_provider} answered an embedding without 'index'");
            if (index < 0 || index >= vectors.Length || item["embedding"] is not JsonArray vector)
            {
                throw new JsonException($"{_provider} answered an embedding with index {index} or no vector, for {texts.Count} texts");
            }

            vectors[index] = new Embedding<float>(vector.Select(v => (float)v!).ToArray()) { ModelId = (string?)json["model"] };
        }

        if (vectors.Any(v => v is null))
        {
            throw new JsonException($"{_provider} answered {data.Count} embeddings for {texts.Count} texts");
        }

        return new GeneratedEmbeddings<Embedding<float>>(vectors)
        {
            Usage = new UsageDetails { InputTokenCount = (long?)json["usage"]?["prompt_tokens"] },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
