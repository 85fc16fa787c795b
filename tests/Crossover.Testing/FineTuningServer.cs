using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;


namespace Crossover.Testing;

/// <summary>One request as the fine-tuning server saw it.</summary>
public sealed record FtRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A local HTTP server on 127.0.0.1 speaking the OpenAI Files + fine-tuning wire format (and Azure's /openai/… paths):
/// uploads, job create (honouring Idempotency-Key), get, list, events, cancel and GET /models. Each GET of a job moves it
/// one step along a scripted lifecycle, whose last status sticks; faults are scripted per (method, path, attempt).
/// The create call's body is checked as each service defines it: under /v1/ (OpenAI) hyper-parameters only in
/// <c>method.supervised.hyperparameters</c> (the top-level object is refused, stricter than OpenAI, which still takes the
/// deprecated form, so a regression shows); under /openai/ (Azure api-version 2024-10-21) only the top-level object.
/// File ids in the body must be ones this server handed out, and <c>seed</c> must be 0 or more (both specifications'
/// minimum). Azure answers create with 201 and <c>"status": "pending"</c>, as its specification's example does. Lists
/// and events come newest first in pages (<c>limit</c>, <c>after</c>, <c>has_more</c>); the job list honours OpenAI's
/// <c>metadata[crossover_job]</c> filter on /v1/ only.
/// </summary>
public sealed class FineTuningServer : LocalHttpServer
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _jobsByKey = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _jobs = [];
    private readonly List<JsonObject> _events = [];
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _polls;

    public FineTuningServer(params string[] lifecycle)
    {
        Lifecycle = lifecycle.Length == 0 ? ["validating_files", "running", "succeeded"] : lifecycle;
        Start();
    }

    /// <summary>The OpenAI-style API root.</summary>
    public string V1 => BaseUrl + "/v1";

    public string[] Lifecycle { get; }

    public string FineTunedModel { get; set; } = "ft:gpt-4.1-mini-2025-04-14:acme:routing:abc123";

    public long TrainedTokens { get; set; } = 4242;

    public string FailureMessage { get; set; } = "Training file has 3 examples with invalid roles.";

    public List<string> Models { get; } = [];

    /// <summary>When set, a create call makes the job but answers 500, as when the answer is lost in a crash.</summary>
    public bool LoseCreateAnswers { get; set; }

    /// <summary>When set, events carry no <c>id</c> (optional in Azure's specification).</summary>
    public bool OmitEventIds { get; set; }

    /// <summary>When set, counts are written as JSON numbers with a fraction (<c>4242.0</c>), as some compatible servers do.</summary>
    public bool FractionalCounts { get; set; }

    /// <summary>The most items one list or events page holds, whatever <c>limit</c> asks (a server's own cap).</summary>
    public int MaxPage { get; set; } = 100;

    /// <summary>Returns (status, Retry-After) to fail a request, or null to answer normally.</summary>
    public Func<FtRequest, int, (int Status, string? RetryAfter)?>? Fault { get; set; }

    public ConcurrentQueue<FtRequest> Requests { get; } = new();

    /// <summary>The uploaded files' multipart bodies by file id.</summary>
    public IReadOnlyDictionary<string, string> Files
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, string>(_files, StringComparer.Ordinal);
            }
        }
    }

    public int Uploads => Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/files", StringComparison.Ordinal));

    public int Creates => Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/fine_tuning/jobs", StringComparison.Ordinal));

    public int JobsCreated
    {
        get
        {
            lock (_gate)
            {
                return _jobs.Count;
            }
        }
    }

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = Headers(context.Request);
            var url = context.Request.Url!;
            var request = new FtRequest(context.Request.HttpMethod, url.AbsolutePath, url.Query, headers, body);
            Requests.Enqueue(request);
            var attempt = _attempts.AddOrUpdate(request.Method + " " + request.Path, 1, (_, n) => n + 1);
            if (Fault?.Invoke(request, attempt) is { } fault)
            {
                if (fault.RetryAfter is not null)
                {
                    context.Response.Headers["Retry-After"] = fault.RetryAfter;
                }

                await WriteAsync(context.Response, fault.Status, """{"error":{"message":"scripted failure","type":"rate_limit_exceeded"}}""");
                return;
            }

            var (status, json) = Route(request);
            if (LoseCreateAnswers && request.Method == "POST" && request.Path.EndsWith("/fine_tuning/jobs", StringComparison.Ordinal))
            {
                (status, json) = (500, new JsonObject { ["error"] = new JsonObject { ["message"] = "lost answer" } });
            }

            await WriteAsync(context.Response, status, json.ToJsonString());
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away; nothing to answer.
        }
    }

    private (int, JsonNode) Route(FtRequest request)
    {
        var path = request.Path;
        foreach (var prefix in new[] { "/v1/", "/openai/" })
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                path = path[prefix.Length..];
            }
        }

        var parts = path.Split('/');
        lock (_gate)
        {
            switch (request.Method, parts)
            {
                case ("GET", ["models"]):
                    return (200, new JsonObject { ["object"] = "list", ["data"] = new JsonArray([.. Models.Select(m => (JsonNode)new JsonObject { ["id"] = m, ["object"] = "model" })]) });
                case ("POST", ["files"]):
                    if (!request.Body.Contains("fine-tune", StringComparison.Ordinal) || !request.Body.Contains("\"messages\"", StringComparison.Ordinal))
                    {
                        return (400, Error("expected purpose=fine-tune and a JSONL file"));
                    }

                    var fileId = _files.Count == 0 ? "file-abc123" : $"file-abc123-{_files.Count + 1}";
                    _files[fileId] = request.Body;
                    return (200, new JsonObject { ["id"] = fileId, ["object"] = "file", ["purpose"] = "fine-tune", ["bytes"] = request.Body.Length, ["created_at"] = 1_763_900_000, ["filename"] = "train.jsonl" });
                case ("POST", ["fine_tuning", "jobs"]):
                    return BodyProblem(request) is { } problem ? (400, Error(problem)) : (Azure(request) ? 201 : 200, Create(request));
                case ("GET", ["fine_tuning", "jobs"]):
                    var metadata = Query(request, "metadata[crossover_job]");
                    var listed = ((IEnumerable<JsonObject>)_jobs).Reverse().Where(j => Azure(request) || metadata is null || (string?)j["metadata"]?["crossover_job"] == metadata);
                    return (200, Page(request, listed.Select(j => (Id: (string?)j["id"], Item: j.DeepClone()))));
                case ("GET", ["fine_tuning", "jobs", var id]):
                    return Find(id) is { } job ? (200, Advance(job).DeepClone()) : (404, Error($"no job {id}"));
                case ("GET", ["fine_tuning", "jobs", var id, "events"]):
                    return (200, Page(request, ((IEnumerable<JsonObject>)_events).Reverse().Where(e => (string?)e["job"] == id).Select(e => (Id: (string?)e["id"], Item: EventAsSent(e, request)))));
                case ("POST", ["fine_tuning", "jobs", var id, "cancel"]):
                    if (Find(id) is not { } cancelled)
                    {
                        return (404, Error($"no job {id}"));
                    }

                    cancelled["status"] = "cancelled";
                    cancelled["finished_at"] = 1_763_900_900;
                    AddEvent(id, "info", "Job cancelled");
                    return (200, cancelled.DeepClone());
                default:
                    return (404, Error($"no route {request.Method} {request.Path}"));
            }
        }
    }

    /// <summary>Adds a job made by someone else (another tool, a colleague) to the list, newer than every job so far.</summary>
    public void AddForeignJob()
    {
        lock (_gate)
        {
            _jobs.Add(new JsonObject
            {
                ["id"] = $"ftjob-other-{_jobs.Count + 1}", ["object"] = "fine_tuning.job", ["model"] = "gpt-4.1-mini", ["created_at"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
                ["status"] = "running", ["training_file"] = "file-someone-else", ["metadata"] = null,
            });
        }
    }

    /// <summary>Adds an event to a job, as the provider would while it trains.</summary>
    public void AddJobEvent(string job, string level, string message)
    {
        lock (_gate)
        {
            AddEvent(job, level, message);
        }
    }

    private static bool Azure(FtRequest request) => request.Path.StartsWith("/openai/", StringComparison.Ordinal);

    private static string? Query(FtRequest request, string name) =>
        request.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => Uri.UnescapeDataString(p[0]) == name).Select(p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty)).FirstOrDefault();

    /// <summary>One page of a newest-first list: the items after <c>after</c>, at most <c>limit</c> (default 20) and <see cref="MaxPage"/>.</summary>
    private JsonObject Page(FtRequest request, IEnumerable<(string? Id, JsonNode Item)> items)
    {
        var all = items.ToList();
        var after = Query(request, "after");
        var start = after is null ? 0 : all.FindIndex(i => i.Id == after) + 1;
        var limit = Math.Min(MaxPage, int.TryParse(Query(request, "limit"), out var l) ? l : 20);
        var page = all.Skip(start).Take(limit).ToList();
        return new JsonObject { ["object"] = "list", ["has_more"] = start + page.Count < all.Count, ["data"] = new JsonArray([.. page.Select(i => i.Item)]) };
    }

    /// <summary>An event as the service its path names writes it: Azure says <c>warning</c> where OpenAI says <c>warn</c>.</summary>
    private JsonNode EventAsSent(JsonObject stored, FtRequest request)
    {
        var sent = (JsonObject)stored.DeepClone();
        sent.Remove("job");
        if (OmitEventIds)
        {
            sent.Remove("id");
        }

        if (Azure(request) && (string?)sent["level"] == "warn")
        {
            sent["level"] = "warning";
        }

        return sent;
    }

    private JsonObject Create(FtRequest request)
    {
        var key = request.Headers.GetValueOrDefault("idempotency-key");
        if (key is not null && _jobsByKey.TryGetValue(key, out var again))
        {
            return (JsonObject)again.DeepClone();
        }

        var body = JsonNode.Parse(request.Body)!.AsObject();
        var id = $"ftjob-{_jobs.Count + 1}";
        var job = new JsonObject
        {
            ["id"] = id, ["object"] = "fine_tuning.job", ["model"] = body["model"]?.DeepClone(), ["created_at"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
            ["status"] = Azure(request) ? "pending" : "validating_files", ["training_file"] = body["training_file"]?.DeepClone(), ["fine_tuned_model"] = null,
            ["validation_file"] = body["validation_file"]?.DeepClone(),
            ["hyperparameters"] = (body["method"]?["supervised"]?["hyperparameters"] ?? body["hyperparameters"])?.DeepClone(),
            ["method"] = body["method"]?.DeepClone(), ["seed"] = body["seed"]?.DeepClone(), ["metadata"] = body["metadata"]?.DeepClone(),
            ["trained_tokens"] = null, ["error"] = null, ["finished_at"] = null,
        };
        _jobs.Add(job);
        if (key is not null)
        {
            _jobsByKey[key] = job;
        }

        AddEvent(id, "info", $"Created fine-tuning job: {id}");
        return (JsonObject)job.DeepClone();
    }

    /// <summary>What is wrong with a create call's body for the service its path names, or null.</summary>
    private string? BodyProblem(FtRequest request)
    {
        if (JsonNode.Parse(request.Body) is not JsonObject body)
        {
            return "the body is not a JSON object";
        }

        foreach (var field in new[] { "training_file", "validation_file" })
        {
            if (body[field] is { } id && !_files.ContainsKey(id.GetValue<string>()))
            {
                return $"{field} '{id}' was not uploaded";
            }
        }

        if (body["seed"] is { } seed && seed.GetValue<long>() < 0)
        {
            return $"{seed} is less than the minimum of 0 - 'seed'";
        }

        if (Azure(request))
        {
            return body.ContainsKey("method") ? "unrecognized request argument supplied: method" : HyperparametersProblem(body["hyperparameters"]);
        }

        if (body.ContainsKey("hyperparameters"))
        {
            return "top-level hyperparameters are deprecated: send method.supervised.hyperparameters";
        }

        if (body["method"] is not { } method)
        {
            return null;
        }

        return (string?)method["type"] != "supervised" || method["supervised"] is not JsonObject supervised
            ? "method must be {type: supervised, supervised: {...}}"
            : HyperparametersProblem(supervised["hyperparameters"]);
    }

    private static string? HyperparametersProblem(JsonNode? hyperparameters) => hyperparameters switch
    {
        null => null,
        JsonObject h when h.All(p => p.Key is "n_epochs" or "batch_size" or "learning_rate_multiplier") => null,
        _ => "hyperparameters must be an object of n_epochs, batch_size, learning_rate_multiplier",
    };

    private JsonObject? Find(string id) => _jobs.FirstOrDefault(j => (string?)j["id"] == id);

    private JsonObject Advance(JsonObject job)
    {
        if ((string?)job["status"] == "cancelled")
        {
            return job;
        }

        var status = Lifecycle[Math.Min(_polls++, Lifecycle.Length - 1)];
        if ((string?)job["status"] != status)
        {
            AddEvent((string)job["id"]!, status == "failed" ? "error" : "info", status == "failed" ? FailureMessage : $"Job entered {status}");
        }

        job["status"] = status;
        if (status == "succeeded")
        {
            job["fine_tuned_model"] = FineTunedModel;
            job["trained_tokens"] = FractionalCounts ? JsonNode.Parse($"{TrainedTokens}.0") : TrainedTokens;
            job["finished_at"] = 1_763_900_600;
        }
        else if (status == "failed")
        {
            job["error"] = new JsonObject { ["code"] = "invalid_training_file", ["message"] = FailureMessage, ["param"] = "training_file" };
            job["finished_at"] = 1_763_900_600;
        }

        return job;
    }

    private void AddEvent(string job, string level, string message) =>
        _events.Add(new JsonObject
        {
            ["object"] = "fine_tuning.job.event", ["id"] = $"ftevent-{_events.Count + 1}", ["job"] = job,
            ["created_at"] = 1_763_900_000 + _events.Count, ["level"] = level, ["message"] = message, ["type"] = "message",
        });

    private static JsonObject Error(string message) => new() { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error" } };

    private static async Task WriteAsync(HttpListenerResponse response, int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
