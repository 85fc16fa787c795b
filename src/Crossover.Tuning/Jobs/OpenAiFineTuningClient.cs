using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Providers;
using Polly;

namespace Crossover.Tuning.Jobs;

/// <summary>What the provider says about a job.</summary>
/// <param name="Id">The provider's job id.</param>
/// <param name="Status">The provider's status name.</param>
/// <param name="FineTunedModel">The tuned model's id, once there is one.</param>
/// <param name="TrainedTokens">Tokens billed, when reported.</param>
/// <param name="Error">The provider's error (<c>code: message</c>), when failed.</param>
/// <param name="FinishedAt">When the job ended.</param>
/// <param name="CrossoverJob">Our job id, from the job's <c>metadata.crossover_job</c> (OpenAI only).</param>
/// <param name="TrainingFile">The training file id the job was created with.</param>
/// <param name="CreatedAt">When the provider created the job.</param>
internal sealed record RemoteJob(string Id, string Status, string? FineTunedModel, long? TrainedTokens, string? Error, DateTimeOffset? FinishedAt, string? CrossoverJob,
    string? TrainingFile = null, DateTimeOffset? CreatedAt = null);

/// <summary>
/// The Files and fine-tuning calls of the OpenAI REST API (and Azure OpenAI's variant), written directly over HttpClient:
/// the OpenAI .NET SDK's fine-tuning client is marked experimental and exposes the wire protocol only as raw BinaryData,
/// so plain JSON is shorter and lets one code path serve both OpenAI and Azure. Retries, backoff, Retry-After and the
/// per-attempt deadline are the evaluation calls' (<see cref="CallResilience"/>), except that an unreachable host fails at once.
/// </summary>
internal sealed class OpenAiFineTuningClient
{
    /// <summary>Retries, backoff, per-attempt deadline and the longest Retry-After honoured, when the caller gives none.</summary>
    public static readonly CallPolicy DefaultPolicy = new(TimeSpan.FromSeconds(120), 4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(120));

    private const int PageSize = 100;

    // A job made by our create call is no older than our row; the slack covers a provider clock running behind ours.
    private static readonly TimeSpan ClockSlack = TimeSpan.FromHours(1);

    private readonly FineTuningEndpoint _endpoint;
    private readonly string? _apiKey;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _pipeline;
    private readonly CallPolicy _policy;
    private readonly TimeProvider _time;

    public OpenAiFineTuningClient(FineTuningEndpoint endpoint, HttpClient http, TimeProvider time, CallPolicy? policy = null)
    {
        _endpoint = endpoint;
        _apiKey = endpoint.ApiKey();
        _http = http;
        _policy = policy ?? DefaultPolicy;
        _time = time;
        _pipeline = CallResilience.Retries(_policy, time, ex => !(ex is HttpRequestException h && IsUnreachable(h)) && CallResilience.IsTransient(ex));
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
        return Text(json, "id") ?? throw Malformed("files", "no 'id'");
    }

    /// <summary>
    /// POST /fine_tuning/jobs. The <c>Idempotency-Key</c> header is sent for servers that honour it, but neither OpenAI's
    /// nor Azure's specification defines it; what keeps creation at most once is <see cref="FindJobAsync"/> (docs/tuning-jobs.md).
    /// </summary>
    public async Task<RemoteJob> CreateJobAsync(JsonObject body, string idempotencyKey, CancellationToken ct) =>
        ReadJob(await SendAsync(HttpMethod.Post, "fine_tuning/jobs", null, () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), idempotencyKey, ct), "fine_tuning/jobs");

    /// <summary>GET /fine_tuning/jobs/{id}.</summary>
    public async Task<RemoteJob> GetJobAsync(string id, CancellationToken ct) =>
        ReadJob(await SendAsync(HttpMethod.Get, $"fine_tuning/jobs/{Uri.EscapeDataString(id)}", null, null, null, ct), "fine_tuning/jobs/{id}");

    /// <summary>POST /fine_tuning/jobs/{id}/cancel.</summary>
    public async Task<RemoteJob> CancelAsync(string id, CancellationToken ct) =>
        ReadJob(await SendAsync(HttpMethod.Post, $"fine_tuning/jobs/{Uri.EscapeDataString(id)}/cancel", null, null, null, ct), "fine_tuning/jobs/{id}/cancel");

    /// <summary>
    /// Finds the provider's job made for our job <paramref name="crossoverJob"/> before a crash: a job whose
    /// <c>metadata.crossover_job</c> is ours (OpenAI, which also filters the listing by it) or whose training file is the one
    /// our job uploaded (file ids are unique, so this holds on Azure, whose jobs carry no metadata). Pages through
    /// GET /fine_tuning/jobs (<c>after</c>, <c>has_more</c>, newest first) until a page reaches jobs older than our row.
    /// </summary>
    public async Task<RemoteJob?> FindJobAsync(string crossoverJob, string? trainingFileId, DateTimeOffset recordedAt, CancellationToken ct)
    {
        var filter = _endpoint.Provider == "openai" ? "&metadata%5Bcrossover_job%5D=" + Uri.EscapeDataString(crossoverJob) : string.Empty;
        string? after = null;
        while (true)
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"limit={PageSize}{filter}") + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));
            var page = await SendAsync(HttpMethod.Get, "fine_tuning/jobs", query, null, null, ct);
            var jobs = page["data"] is JsonArray data ? data.OfType<JsonObject>().Select(j => ReadJob(j, "fine_tuning/jobs")).ToList() : [];
            if (jobs.FirstOrDefault(j => j.CrossoverJob == crossoverJob || (trainingFileId is not null && j.TrainingFile == trainingFileId)) is { } made)
            {
                return made;
            }

            if (jobs.Count == 0 || !HasMore(page) || jobs[^1].CreatedAt < recordedAt - ClockSlack)
            {
                return null;
            }

            after = jobs[^1].Id;
        }
    }

    /// <summary>
    /// GET /fine_tuning/jobs/{id}/events, newest first, paging with <c>after</c> until a page reaches an event in
    /// <paramref name="known"/> or the provider has no more, so no event between two polls is lost.
    /// </summary>
    public async Task<IReadOnlyList<TuningJobEvent>> EventsAsync(string id, IReadOnlySet<string> known, CancellationToken ct)
    {
        var events = new List<TuningJobEvent>();
        string? after = null;
        while (true)
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"limit={PageSize}") + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));
            var page = await SendAsync(HttpMethod.Get, $"fine_tuning/jobs/{Uri.EscapeDataString(id)}/events", query, null, null, ct);
            var data = page["data"] as JsonArray ?? [];
            var read = data.OfType<JsonObject>().Select(ReadEvent).ToList();
            events.AddRange(read.Select(r => r.Event));
            // Paging needs the provider's id of the page's last event; an event without one (Azure's id is optional) ends it.
            if (read.Any(r => known.Contains(r.Event.Id)) || read.Count == 0 || !read[^1].FromProvider || !HasMore(page))
            {
                return events;
            }

            after = read[^1].Event.Id;
        }
    }

    /// <summary>GET /models: the ids the endpoint serves.</summary>
    public async Task<IReadOnlyList<string>> ModelsAsync(CancellationToken ct)
    {
        var json = await SendAsync(HttpMethod.Get, "models", null, null, null, ct);
        return json["data"] is JsonArray data ? [.. data.OfType<JsonObject>().Select(m => Text(m, "id")).OfType<string>()] : [];
    }

    /// <summary>
    /// One event. Azure's spec makes <c>id</c> optional: such an event gets a stable id from its content, so it is stored
    /// once however often it is read. Azure's level <c>warning</c> is stored as OpenAI's <c>warn</c>.
    /// </summary>
    private static (TuningJobEvent Event, bool FromProvider) ReadEvent(JsonObject e)
    {
        var created = Integer(e, "created_at", "events") is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UnixEpoch;
        var level = Text(e, "level") switch
        {
            null => "info",
            "warning" => "warn",
            var other => other,
        };
        var message = Text(e, "message") ?? string.Empty;
        var id = Text(e, "id");
        if (id is not null)
        {
            return (new TuningJobEvent(id, created, level, message), true);
        }

        var content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{created.ToUnixTimeSeconds()}\n{level}\n{message}"));
        return (new TuningJobEvent("noid-" + Convert.ToHexStringLower(SHA256.HashData(content))[..16], created, level, message), false);
    }

    private static RemoteJob ReadJob(JsonObject json, string call)
    {
        var error = json["error"] is JsonObject e && Text(e, "message") is { Length: > 0 } message
            ? (Text(e, "code") is { Length: > 0 } code ? $"{code}: {message}" : message)
            : null;
        return new RemoteJob(
            Text(json, "id") ?? throw Malformed(call, "no 'id'"),
            Text(json, "status") ?? throw Malformed(call, "no 'status'"),
            Text(json, "fine_tuned_model"),
            Integer(json, "trained_tokens", call),
            error,
            Integer(json, "finished_at", call) is { } finished ? DateTimeOffset.FromUnixTimeSeconds(finished) : null,
            json["metadata"] is JsonObject metadata ? Text(metadata, "crossover_job") : null,
            Text(json, "training_file"),
            Integer(json, "created_at", call) is { } created ? DateTimeOffset.FromUnixTimeSeconds(created) : null);
    }

    private static bool HasMore(JsonObject page) => page["has_more"] is JsonValue more && more.TryGetValue(out bool hasMore) && hasMore;

    /// <summary>A string field; null when absent, null or not a string.</summary>
    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    /// <summary>
    /// A whole-number field; null when absent or null. Compatible servers write counts as <c>1500.0</c>: a number with no
    /// fraction is read as the integer it is, anything else is a one-line wire-format error, never a crash.
    /// </summary>
    private static long? Integer(JsonObject json, string name, string call)
    {
        if (json[name] is not JsonValue value)
        {
            return json[name] is null ? null : throw Malformed(call, $"'{name}' is not a number");
        }

        if (value.TryGetValue(out long whole))
        {
            return whole;
        }

        return value.TryGetValue(out double number) && double.IsFinite(number) && number == Math.Floor(number) && Math.Abs(number) < 9e15
            ? (long)number
            : throw Malformed(call, $"'{name}' is {value.ToJsonString()}, not a whole number");
    }

    private static InputException Malformed(string call, string problem) =>
        new($"the endpoint's answer to {call} is not the OpenAI wire format: {problem}", hint: "check --base-url points at an OpenAI-compatible fine-tuning API");

    private static bool IsUnreachable(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
        || ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound };

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, string? query, Func<HttpContent>? content, string? idempotencyKey, CancellationToken ct)
    {
        var url = _endpoint.Url(path, query);
        var attempts = 0;
        string text;
        try
        {
            text = await _pipeline.ExecuteAsync(
                async token =>
                {
                    Interlocked.Increment(ref attempts);
                    return await CallResilience.WithDeadlineAsync(attempt => AttemptAsync(method, url, content, idempotencyKey, attempt), _policy.Timeout, _time, token);
                },
                ct);
        }
        catch (HttpRequestException ex)
        {
            throw new InputException($"cannot reach {_endpoint.BaseUrl} ({method} {path}): {ApiKeys.Redact(ex.Message, _apiKey)}", field: "base-url", hint: "check --base-url and that the server is up");
        }
        catch (TimeoutException)
        {
            throw new InputException($"{method} {path} at {_endpoint.BaseUrl} timed out {attempts} times", field: "base-url", hint: "the provider is slow or unreachable; try again later");
        }
        catch (ProviderException ex)
        {
            var code = (int)ex.Status;
            // A Retry-After longer than the policy honours ends the call at once, so the retries made are counted, not assumed.
            var retried = attempts > 1 ? string.Create(CultureInfo.InvariantCulture, $" after {attempts - 1} retries") : string.Empty;
            throw new InputException($"{method} {path} at {_endpoint.BaseUrl} answered {code}{retried}: {ex.ServerMessage}", hint: code switch
            {
                401 or 403 => $"check the key in {_endpoint.ApiKeyEnv}",
                404 => "check --base-url, the model id and the job id",
                429 => "rate limited: wait and run the command again; a started job is kept in the job store",
                _ => null,
            });
        }

        return TryParse(text) as JsonObject ?? throw Malformed(path, "not a JSON object");
    }

    private async Task<string> AttemptAsync(HttpMethod method, Uri url, Func<HttpContent>? content, string? idempotencyKey, CancellationToken ct)
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

        using var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProviderException.FromResponseAsync(response, _endpoint.Provider, _time, ct, _apiKey);
        }

        return await response.Content.ReadAsStringAsync(ct);
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
