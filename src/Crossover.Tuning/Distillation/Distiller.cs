using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crossover.Core.Input;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Prompts;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Scoring;
using Crossover.Evaluation.Strategies;
using Crossover.LocalModels;
using Crossover.Routing;
using Crossover.Tuning.Data;
using Microsoft.Extensions.AI;

namespace Crossover.Tuning.Distillation;

/// <summary>
/// Distillation: a teacher candidate (a strong model with its own prompt) labels unlabeled inputs; answers that pass
/// the task's format checks become training examples for a student trained on the zero-shot production prompt of <see cref="TrainingPrompt"/>
/// (docs/distillation.md). Calls go through the same <see cref="CallPipeline"/> as <c>crossover eval</c>:
/// response cache, retries, rate limit, timeout and usage metering.
/// </summary>
public sealed class Distiller
{
    private readonly CallSetup _setup;

    /// <summary>Creates a distiller.</summary>
    /// <param name="setup">Providers, prices, clock and logging for the teacher's calls; whether the cache is used is <see cref="DistillOptions.UseCache"/>.</param>
    public Distiller(CallSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _setup = setup;
    }

    /// <summary>Asks the teacher for every input, <see cref="DistillOptions.Repeats"/> times, and keeps the answers that pass the checks.</summary>
    /// <param name="experiment">The experiment: task, candidates, call policy and concurrency.</param>
    /// <param name="options">Teacher, inputs and filters.</param>
    /// <param name="openCache">Opens the response cache (the run store) once every option and input has been checked, so a
    /// mistake leaves no store behind; null, or returning null, for no cache. Not called when <see cref="DistillOptions.UseCache"/> is false.</param>
    /// <param name="progress">Called with (calls done, calls in all) after every call.</param>
    /// <param name="cancellationToken">Stops the distillation.</param>
    /// <returns>The kept examples, the rejection counts and the teacher's cost.</returns>
    /// <exception cref="InputException">An option or input row is invalid, the teacher is unknown, or its endpoint cannot be reached.</exception>
    public async Task<DistillResult> DistillAsync(Experiment experiment, DistillOptions options, Func<IResponseCache?>? openCache, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var teacher = experiment.Candidates.FirstOrDefault(c => string.Equals(c.Name, options.Teacher, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException($"the experiment has no candidate named '{options.Teacher}'", experiment.File, field: "--teacher", hint: "candidates: " + string.Join(", ", experiment.Candidates.Select(c => c.Name)));
        var task = experiment.Task;
        var template = new Template(task.Input);
        var inputs = ReadInputs(options, template);

        var items = DatasetReader.Read(experiment.Dataset);
        var split = DataSplit.Create(items, experiment.Dataset.Split, task.Kind == TaskKind.Classification);
        var builder = new PromptBuilder(task, teacher.Strategy, split.Train, experiment.Dataset.Split.Seed);
        builder.Validate(inputs[0].Item, experiment.File, teacher.Name);
        var scorer = new Scorer(task, teacher.Strategy.Kind, experiment.Metrics);

        // Inputs that are in the dev/test split would let the student see what it is scored on; repeats would over-weight one input.
        var rejected = new Dictionary<string, int>(StringComparer.Ordinal);
        var heldOut = split.Dev.Concat(split.Test).Select(i => AnswerText.Normalize(template.Render(i.Fields))).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var asked = new List<Input>();
        foreach (var input in inputs)
        {
            var key = AnswerText.Normalize(input.User);
            if (heldOut.Contains(key))
            {
                Count(rejected, DistillReasons.HeldOut);
            }
            else if (!seen.Add(key))
            {
                Count(rejected, DistillReasons.Duplicate);
            }
            else
            {
                asked.Add(input);
            }
        }

        // A missing key is a mistake like the others: building the teacher's client reports it before the response
        // cache (the run store) is opened, so nothing is left behind. The client is not disposed: clients belong to the
        // registry, which may hand the same one out again (the local engine keeps one per model folder).
        _ = _setup.Providers.CreateClient(teacher.Model);

        var meter = new UsageMeter();
        var price = Pricing.Find(_setup.Catalog, teacher.Model);
        var client = _setup.Pipeline(experiment.Calls, options.UseCache ? openCache?.Invoke() : null).Chat(teacher.Model, meter);
        var counter = _setup.Providers.CreateTokenCounter(teacher.Model);
        var answers = new string?[asked.Count, options.Repeats];
        var total = asked.Count * options.Repeats;
        int done = 0, hits = 0;
        var units = Enumerable.Range(0, asked.Count).SelectMany(i => Enumerable.Range(0, options.Repeats).Select(r => (Input: i, Repeat: r)));
        await Parallel.ForEachAsync(
            units,
            new ParallelOptions { MaxDegreeOfParallelism = experiment.Concurrency, CancellationToken = cancellationToken },
            async (unit, token) =>
            {
                var prompt = builder.Render(asked[unit.Input].Item);
                var chat = new ChatOptions
                {
                    Temperature = (float?)teacher.SamplingTemperature(experiment.Temperature, options.Repeats),
                    MaxOutputTokens = experiment.MaxOutputTokens,
                    ResponseFormat = builder.ResponseFormat(),
                    AdditionalProperties = new()
                    {
                        [CallMetadata.Repeat] = unit.Repeat,
                        [CallMetadata.EstimatedTokens] = counter.Count(prompt.Instructions) + counter.Count(prompt.Examples) + counter.Count(prompt.Input),
                    },
                };
                try
                {
                    var response = await client.GetResponseAsync(prompt.Messages, chat, token);
                    answers[unit.Input, unit.Repeat] = response.Text;
                    if (response.AdditionalProperties?.TryGetValue(CallMetadata.Cached, out bool cached) == true && cached)
                    {
                        Interlocked.Increment(ref hits);
                    }
                }
                catch (Exception ex) when (Unreachable(ex) is { } reason)
                {
                    throw new InputException(
                        $"cannot reach the teacher '{teacher.Name}' ({teacher.Model.Provider}{(teacher.Model.BaseUrl is { } url ? " at " + url : string.Empty)}): {reason}",
                        experiment.File, field: "candidates.model.baseUrl", hint: "start the server, or fix the teacher's baseUrl");
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // A call that still fails after the retry layer is a rejected repeat, like an error record in eval.
                    answers[unit.Input, unit.Repeat] = null;
                }

                progress?.Invoke(Interlocked.Increment(ref done), total);
            });

        var schema = task.OutputSchema is null ? (JsonElement?)null : JsonDocument.Parse(task.OutputSchema).RootElement.Clone();
        var regex = task.Regex is null ? null : new Regex(task.Regex, RegexOptions.None, TimeSpan.FromSeconds(1));
        var student = TrainingPrompt.For(task);
        var kept = new List<TrainingExample>();
        for (var i = 0; i < asked.Count; i++)
        {
            var verdicts = Enumerable.Range(0, options.Repeats).Select(r => Judge(answers[i, r], task, teacher.Strategy.Kind, scorer, schema, regex)).ToList();
            var valid = verdicts.Where(v => v.Reason is null).ToList();
            if (valid.Count == 0)
            {
                Count(rejected, verdicts[0].Reason!);
                continue;
            }

            var groups = valid.GroupBy(v => v.Key, StringComparer.Ordinal).ToList();
            if (options.RequireAgreement && (valid.Count < verdicts.Count || groups.Count > 1))
            {
                Count(rejected, DistillReasons.Disagreement);
                continue;
            }

            // Without agreement required the most common valid answer wins; GroupBy keeps first-seen order, so ties go to the earliest repeat.
            var answer = groups.MaxBy(g => g.Count())!.First().Answer!;
            kept.Add(student.Example(asked[i].Line, asked[i].Item.Fields, answer));
        }

        var usage = new TeacherUsage(meter.Calls, hits, meter.InputTokens, meter.CachedTokens, meter.OutputTokens, price is null ? null : meter.CostUsd, price?.Source);
        return new DistillResult(teacher.Name, teacher.Model.Id, inputs.Count, options.Repeats, kept, rejected, usage);
    }

    private static void Validate(DistillOptions options)
    {
        if (options.Repeats is < 1 or > 20)
        {
            throw new InputException($"--repeats {options.Repeats} is out of range", field: "--repeats", hint: "use 1 to 20");
        }

        if (options.RequireAgreement && options.Repeats < 2)
        {
            throw new InputException("--require-agreement needs --repeats 2 or more", field: "--require-agreement", hint: "add --repeats 3");
        }

        if (options.Limit is < 1)
        {
            throw new InputException($"--limit {options.Limit} is out of range", field: "--limit", hint: "use 1 or more");
        }
    }

    private static List<Input> ReadInputs(DistillOptions options, Template template)
    {
        var path = Path.GetFullPath(options.InputsPath);
        if (!File.Exists(path))
        {
            throw new InputException("the inputs file does not exist", path, hint: "give a JSONL or CSV file of rows with the fields task.input uses");
        }

        if (Path.GetExtension(path).ToLowerInvariant() is not (".jsonl" or ".csv"))
        {
            throw new InputException("the inputs file is neither .jsonl nor .csv", path, hint: "convert it to JSON Lines or CSV");
        }

        var inputs = new List<Input>();
        foreach (var (line, fields) in DatasetReader.ReadRecords(path))
        {
            if (options.Limit is { } limit && inputs.Count >= limit)
            {
                break;
            }

            foreach (var field in template.Fields)
            {
                if (!fields.ContainsKey(field))
                {
                    throw new InputException($"the row has no '{field}' field, which task.input uses", path, line, field, "every row needs each {{field}} of task.input");
                }
            }

            if (template.Fields.All(f => string.IsNullOrWhiteSpace(fields[f])))
            {
                throw new InputException("the input is empty", path, line, string.Join(", ", template.Fields), "drop the row or fill its input");
            }

            inputs.Add(new Input(line, new DataItem($"inputs:{line}", fields, string.Empty), template.Render(fields)));
        }

        return inputs.Count > 0 ? inputs : throw new InputException("the inputs file has no rows", path, hint: "add one row per line");
    }

    /// <summary>Why the endpoint cannot be reached at all (refused connection, unknown host), or null for a failure of one call.</summary>
    private static string? Unreachable(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException || ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return ex.Message.ReplaceLineEndings(" ");
            }
        }

        return null;
    }

    private static Verdict Judge(string? output, TaskSpec task, IPromptStrategy strategy, Scorer scorer, JsonElement? schema, Regex? regex)
    {
        if (output is null)
        {
            return Verdict.Rejected(DistillReasons.CallFailed);
        }

        var (answer, compliant, _) = strategy.ExtractAnswer(task, output);
        if (!compliant || answer is null)
        {
            return Verdict.Rejected(DistillReasons.Malformed);
        }

        if (string.IsNullOrWhiteSpace(answer))
        {
            return Verdict.Rejected(DistillReasons.Empty);
        }

        if (regex is not null && !regex.IsMatch(answer))
        {
            return Verdict.Rejected(DistillReasons.RegexMismatch);
        }

        switch (task.Kind)
        {
            case TaskKind.Classification:
                var label = scorer.ParseLabel(answer);
                return label is null ? Verdict.Rejected(DistillReasons.UnknownLabel) : new Verdict(label, label, null);
            case TaskKind.Extraction:
                JsonNode? json;
                try
                {
                    json = JsonNode.Parse(Scorer.StripFences(answer));
                }
                catch (JsonException)
                {
                    return Verdict.Rejected(DistillReasons.InvalidJson);
                }

                using (var document = JsonDocument.Parse(json?.ToJsonString() ?? "null"))
                {
                    if (JsonSchemaCheck.Validate(schema!.Value, document.RootElement) is not null)
                    {
                        return Verdict.Rejected(DistillReasons.SchemaMismatch);
                    }
                }

                return new Verdict(json?.ToJsonString() ?? "null", Canonical(json)?.ToJsonString() ?? "null", null);
            default:
                var text = answer.Trim();
                return new Verdict(text, AnswerText.Normalize(text), null);
        }
    }

    /// <summary>The JSON with object keys sorted at every level, so two answers that differ only in key order agree.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonical)]),
        _ => node?.DeepClone(),
    };

    private static void Count(Dictionary<string, int> counts, string reason) => counts[reason] = counts.GetValueOrDefault(reason) + 1;

    private sealed record Input(int Line, DataItem Item, string User);

    private sealed record Verdict(string? Answer, string? Key, string? Reason)
    {
        public static Verdict Rejected(string reason) => new(null, null, reason);
    }
}
