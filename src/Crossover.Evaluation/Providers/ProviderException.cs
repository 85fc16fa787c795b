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
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The wait the server asked for, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Builds the exception from an error response, reading Retry-After (seconds or HTTP date) and retry-after-ms.</summary>
    /// <param name="response">The response.</param>
    /// <param name="provider">The provider's name for the message.</param>
    /// <param name="time">The clock, for HTTP-date Retry-After values.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The exception.</returns>
    public static async Task<ProviderException> FromResponseAsync(HttpResponseMessage response, string provider, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var snippet = body.Length > 200 ? body[..200] : body;
        return new ProviderException(
            $"{provider} answered HTTP {(int)response.StatusCode}: {snippet.ReplaceLineEndings(" ")}",
            response.StatusCode,
            RetryAfterOf(response, time));
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider time)
    {
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
}
