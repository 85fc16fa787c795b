using System.Net;

namespace Crossover.Evaluation.Providers;

/// <summary>A provider answered with an HTTP error; carries the status and the server's Retry-After so the retry layer can honour it.</summary>
public sealed class ProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="retryAfter">The wait the server asked for, when it sent one.</param>
    public ProviderException(string message, HttpStatusCode status, TimeSpan? retryAfter)
        : base(message)
    {
        Status = status;
        RetryAfter = retryAfter;
        ServerMessage = message;
    }

    /// <summary>The server's own words: <c>error.message</c> of a JSON error body, else the start of the body (secrets redacted).</summary>
    public string ServerMessage { get; private init; }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The wait the server asked for, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Builds the exception from an error response, reading Retry-After (seconds or HTTP date) and retry-after-ms.</summary>
    /// <param name="response">The response.</param>
    /// <param name="provider">The provider's name for the message.</param>
    /// <param name="time">The clock, for HTTP-date Retry-After values.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <param name="apiKey">The key the request carried, removed from the body should the server echo it.</param>
    /// <returns>The exception.</returns>
    public static async Task<ProviderException> FromResponseAsync(HttpResponseMessage response, string provider, TimeProvider time, CancellationToken cancellationToken, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        var body = ApiKeys.Redact(await response.Content.ReadAsStringAsync(cancellationToken), apiKey);
        var snippet = (body.Length > 200 ? body[..200] : body).ReplaceLineEndings(" ");
        return new ProviderException($"{provider} answered HTTP {(int)response.StatusCode}: {snippet}", response.StatusCode, RetryAfterOf(response, time))
        {
            ServerMessage = ErrorMessageOf(body) ?? snippet,
        };
    }

    /// <summary>
    /// The wait a response asks for: <c>retry-after-ms</c> (OpenAI, Azure), else <c>Retry-After</c> in seconds or as an
    /// HTTP date; the one parser every Crossover HTTP client uses.
    /// </summary>
    /// <param name="response">The response.</param>
    /// <param name="time">The clock, for HTTP-date values.</param>
    /// <returns>The wait, or null when the server asked for none.</returns>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - time.GetUtcNow() : null;
    }

    private static string? ErrorMessageOf(string body)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(body)?["error"]?["message"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue(out string? message)
                ? message.ReplaceLineEndings(" ")
                : null;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
