using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Crossover.Core.Input;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Crossover.Tuning.Jobs;

/// <summary>What the provider says about a job.</summary>
internal sealed record RemoteJob(string Id, string Status, string? FineTunedModel, long? TrainedTokens, string? Error, DateTimeOffset? FinishedAt, string? CrossoverJob);

/// <summary>How hard to retry 429, 5xx and timeouts.</summary>
/// <param name="MaxRetries">Retries after the first attempt.</param>
/// <param name="BaseDelay">First back-off delay (doubling), used when the server sends no Retry-After.</param>
/// <param name="AttemptTimeout">Time limit of one attempt.</param>
internal sealed record RetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan AttemptTimeout)
{
    public static RetryPolicy Default { get; } = new(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(120));
}

/// <summary>
/// The Files and fine-tuning calls of the OpenAI REST API (and Azure OpenAI's variant), written directly over HttpClient:
/// the OpenAI .NET SDK's fine-tuning client is marked experimental and exposes the wire protocol only as raw BinaryData,
/// so plain JSON is shorter and lets one code path serve both OpenAI and Azure.
/// </summary>
internal sealed class OpenAiFineTuningClient
{
    private const int MaxRetryAfterSeconds = 120;

    private readonly FineTuningEndpoint _endpoint;
    private readonly string? _apiKey;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly RetryPolicy _retry;
    private readonly TimeProvider _time;

    public OpenAiFineTuningClient(FineTuningEndpoint endpoint, HttpClient http, TimeProvider time, RetryPolicy? retry = null)
    {
        _endpoint = endpoint;
        _apiKey = endpoint.ApiKey();
        _http = http;
        _retry = retry ?? RetryPolicy.Default;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>(ex => !IsUnreachable(ex))
                    .Handle<TimeoutRejectedException>()
                    // 501 and 505 say the server lacks the endpoint or protocol: asking again cannot help.
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests
                        || ((int)r.StatusCode >= 500 && r.StatusCode is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported))),
                MaxRetryAttempts = Math.Max(1, _retry.MaxRetries),
                Delay = _retry.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            })
            .AddTimeout(_retry.AttemptTimeout)
            .Build();
    }

    /// <summary>POST /files (multipart, purpose=fine-tune).</summary>
    public async Task<string> UploadAsync(string path, CancellationToken ct)
    {
        var json = await SendAsync(HttpMethod.Post, "files", null, () =>
        {
            var content = new MultipartFormDataContent
            {
                { new StringContent("fine-tune"), "purpose" },
            };
            var file = new StreamContent(File.OpenRead(path));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
            content.Add(file, "file", Path.GetFileName(path));
            return content;
        }, null, ct);
        return json["id"]?.GetValue<string>() ?? throw Malformed("files", "no 'id'");
    }

    /// <summary>POST /fine_tuning/jobs with an Idempotency-Key header.</summary>
    public async Task<RemoteJob> CreateJobAsync(JsonObject body, string idempotencyKey, CancellationToken ct) =>
        ReadJob(await SendAsync(HttpMethod.Post, "fine_tuning/jobs", null, () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), idempotencyKey, ct), "fine_tuning/jobs");

    /// <summary>GET /fine_tuning/jobs/{id}.</summary>
    public async Task<RemoteJob> GetJobAsync(string id, CancellationToken ct) =>
        ReadJob(await SendAsync(HttpMethod.Get, $"fine_tuning/jobs/{Uri.EscapeDataString(id)}", null, null, null, ct), "fine_tuning/jobs/{id}");

    /// <summary>POST /fine_tuning/jobs/{id}/cancel.</summary>
    public async Task<RemoteJob> CancelAsync(string id, CancellationToken ct) =>
        ReadJob(await SendAsync(HttpMethod.Post, $"fine_tuning/jobs/{Uri.EscapeDataString(id)}/cancel", null, null, null, ct), "fine_tuning/jobs/{id}/cancel");

    /// <summary>GET /fine_tuning/jobs (the latest 100), to find a job created before a crash.</summary>
    public async Task<IReadOnlyList<RemoteJob>> ListJobsAsync(CancellationToken ct)
    {
        var json = await SendAsync(HttpMethod.Get, "fine_tuning/jobs", "limit=100", null, null, ct);
        return json["data"] is JsonArray data ? [.. data.OfType<JsonObject>().Select(j => ReadJob(j, "fine_tuning/jobs"))] : [];
    }

    /// <summary>GET /fine_tuning/jobs/{id}/events (the latest 100).</summary>
    public async Task<IReadOnlyList<TuningJobEvent>> EventsAsync(string id, CancellationToken ct)
    {
        var json = await SendAsync(HttpMethod.Get, $"fine_tuning/jobs/{Uri.EscapeDataString(id)}/events", "limit=100", null, null, ct);
        if (json["data"] is not JsonArray data)
        {
            return [];
        }

        return [.. data.OfType<JsonObject>().Select(e => new TuningJobEvent(
            e["id"]?.GetValue<string>() ?? throw Malformed("events", "an event without 'id'"),
            DateTimeOffset.FromUnixTimeSeconds(e["created_at"]?.GetValue<long>() ?? 0),
            e["level"]?.GetValue<string>() ?? "info",
            e["message"]?.GetValue<string>() ?? string.Empty))];
    }

    /// <summary>GET /models: the ids the endpoint serves.</summary>
    public async Task<IReadOnlyList<string>> ModelsAsync(CancellationToken ct)
    {
        var json = await SendAsync(HttpMethod.Get, "models", null, null, null, ct);
        return json["data"] is JsonArray data ? [.. data.Select(m => m?["id"]?.GetValue<string>()).OfType<string>()] : [];
    }

    private static RemoteJob ReadJob(JsonObject json, string call)
    {
        var error = json["error"] is JsonObject e && e["message"]?.GetValue<string>() is { Length: > 0 } message
            ? (e["code"]?.GetValue<string>() is { Length: > 0 } code ? $"{code}: {message}" : message)
            : null;
        return new RemoteJob(
            json["id"]?.GetValue<string>() ?? throw Malformed(call, "no 'id'"),
            json["status"]?.GetValue<string>() ?? throw Malformed(call, "no 'status'"),
            json["fine_tuned_model"]?.GetValue<string>(),
            json["trained_tokens"]?.GetValue<long>(),
            error,
            json["finished_at"]?.GetValue<long>() is { } finished ? DateTimeOffset.FromUnixTimeSeconds(finished) : null,
            json["metadata"]?["crossover_job"]?.GetValue<string>());
    }

    private static InputException Malformed(string call, string problem) =>
        new($"the endpoint's answer to {call} is not the OpenAI wire format: {problem}", hint: "check --base-url points at an OpenAI-compatible fine-tuning API");

    private static bool IsUnreachable(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
        || ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound };

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        return wait is { } w ? TimeSpan.FromSeconds(Math.Clamp(w.TotalSeconds, 0, MaxRetryAfterSeconds)) : null;
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, string? query, Func<HttpContent>? content, string? idempotencyKey, CancellationToken ct)
    {
        var url = _endpoint.Url(path, query);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(method, url) { Content = content?.Invoke() };
                // A keyless server (a local vLLM, say) gets no auth header.
                if (_apiKey is not null && _endpoint.Provider == "azure-openai")
                {
                    request.Headers.Add("api-key", _apiKey);
                }
                else if (_apiKey is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
                }

                if (idempotencyKey is not null)
                {
                    request.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                return await _http.SendAsync(request, token);
            }, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new InputException($"cannot reach {_endpoint.BaseUrl} ({method} {path}): {ex.Message}", field: "base-url", hint: "check --base-url and that the server is up");
        }
        catch (TimeoutRejectedException)
        {
            throw new InputException($"{method} {path} at {_endpoint.BaseUrl} timed out {_retry.MaxRetries + 1} times", field: "base-url", hint: "the provider is slow or unreachable; try again later");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                var code = (int)response.StatusCode;
                var detail = TryParse(text)?["error"]?["message"]?.GetValue<string>() ?? response.ReasonPhrase;
                var retried = code == 429 || code >= 500 ? string.Create(CultureInfo.InvariantCulture, $" after {_retry.MaxRetries} retries") : string.Empty;
                throw new InputException($"{method} {path} at {_endpoint.BaseUrl} answered {code}{retried}: {detail}", hint: code switch
                {
                    401 or 403 => $"check the key in {_endpoint.ApiKeyEnv}",
                    404 => "check --base-url, the model id and the job id",
                    429 => "rate limited: wait and run the command again; a started job is kept in the job store",
                    _ => null,
                });
            }

            return TryParse(text) as JsonObject ?? throw Malformed(path, "not a JSON object");
        }
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
