using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crossover.Evaluation.Providers;

/// <summary>Posts a JSON body and returns the parsed JSON answer, turning HTTP errors into <see cref="ProviderException"/>.</summary>
internal static class HttpJson
{
    public static async Task<JsonNode> PostAsync(HttpClient http, Uri uri, JsonObject body, IReadOnlyDictionary<string, string> headers, string provider, TimeProvider time, CancellationToken cancellationToken, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProviderException.FromResponseAsync(response, provider, time, cancellationToken, apiKey);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonNode.Parse(text) ?? throw new JsonException($"{provider} answered with an empty body");
    }
}
