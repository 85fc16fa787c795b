using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Crossover.Core.Catalog;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Metrics;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Prompts;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Scoring;
using Crossover.Evaluation.Store;
using Crossover.Evaluation.Tokens;
using Crossover.Routing;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Running;

/// <summary>
/// Runs an experiment: every candidate on every scored item, <c>repeats</c> times, with bounded concurrency, writing
/// one append-only record per (candidate, item, repeat). Retries, rate limits, timeouts, caching and metering are
/// <see cref="IChatClient"/> layers around each provider's client, not code here.
/// </summary>
public sealed class EvalRunner
{
    // Records per write transaction at most; the channel holds two batches.
    private const int WriterBatch = 512;

    /// <summary>Creates a runner.</summary>
    /// <param name="setup">Providers, prices, clock, cache and logging for every call.</param>
    public EvalRunner(CallSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        Setup = setup;
    }

    /// <summary>Creates a runner with the response cache on and logging off.</summary>
    /// <param name="providers">Creates each candidate's client.</param>
    /// <param name="catalog">Prices calls (null: costs are unknown).</param>
    /// <param name="time">The clock.</param>
    public EvalRunner(ProviderRegistry providers, PriceCatalog? catalog, TimeProvider? time = null)
        : this(new CallSetup(providers, catalog) { Time = time ?? TimeProvider.System })
    {
    }

    /// <summary>What every call of this runner is made with.</summary>
    public CallSetup Setup { get; private init; }

    /// <summary>Whether identical calls are answered from the response cache (<see cref="CallSetup.UseCache"/>, default true).</summary>
    public bool UseCache { get => Setup.UseCache; init => Setup = Setup with { UseCache = value }; }

    /// <summary>Counts calls, tokens and cost per candidate without calling any model.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="recorded">Keys already recorded (when resuming), which cost nothing.</param>
    /// <returns>One estimate per candidate.</returns>
    /// <exception cref="Core.Input.InputException">The experiment or its data is invalid.</exception>
    public IReadOnlyList<DryRunEstimate> DryRun(Experiment experiment, IReadOnlySet<(string Candidate, string Item, int Repeat)>? recorded = null)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var plan = Prepare(experiment);
        var estimates = new List<DryRunEstimate>();
        foreach (var candidate in plan.Candidates)
        {
            int calls = 0;
            long input = 0, output = 0;
            foreach (var (item, _) in plan.Items())
            {
                var prompt = candidate.Builder.Render(item);
                var promptTokens = candidate.Tokens.Count(prompt.Instructions) + candidate.Tokens.Count(prompt.Examples) + candidate.Tokens.Count(prompt.Input);
                var answerTokens = candidate.Tokens.Count(item.Expected) + candidate.Spec.Strategy.Kind.OutputTokenOverhead(experiment.Task);
                for (var repeat = 0; repeat < experiment.Repeats; repeat++)
                {
                    if (recorded?.Contains((candidate.Spec.Name, item.Id, repeat)) == true)
                    {
                        continue;
                    }

                    calls++;
                    input += promptTokens;
                    output += answerTokens;
                }
            }

            var price = Pricing.Find(Setup.Catalog, candidate.Spec.Model);
            estimates.Add(new DryRunEstimate(candidate.Spec.Name, candidate.Spec.Model.Id, calls, input, output, price?.Cost(input, 0, output), candidate.Tokens.Encoding));
        }

        return estimates;
    }

    /// <summary>Runs (or resumes) the experiment, recording every answer and every error in <paramref name="store"/>.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="store">The run store.</param>
    /// <param name="resumeRunId">A run to continue, or null for a new run.</param>
    /// <param name="progress">Called after every record.</param>
    /// <param name="cancellationToken">Stops the run; records written so far are kept.</param>
    /// <returns>What the session did.</returns>
    /// <exception cref="Core.Input.InputException">The experiment, its data or a provider setting is invalid.</exception>
    public Task<RunOutcome> RunAsync(Experiment experiment, RunStore store, string? resumeRunId = null, Action<EvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return RunAsync(experiment, () => store, resumeRunId, progress, cancellationToken);
    }

    /// <summary>
    /// Runs (or resumes) the experiment, opening the store only once the experiment, its data and its providers are
    /// valid: a command that fails validation leaves no store behind.
    /// </summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="openStore">Opens the run store.</param>
    /// <param name="resumeRunId">A run to continue, or null for a new run.</param>
    /// <param name="progress">Called once when the run starts and after every record.</param>
    /// <param name="cancellationToken">Stops the run; records written so far are kept.</param>
    /// <returns>What the session did.</returns>
    /// <exception cref="Core.Input.InputException">The experiment, its data or a provider setting is invalid.</exception>
    public async Task<RunOutcome> RunAsync(Experiment experiment, Func<RunStore> openStore, string? resumeRunId = null, Action<EvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(openStore);
        var meter = new UsageMeter();
        var judgeMeter = new UsageMeter();
        var plan = Prepare(experiment);
        // Clients are built (keys read and checked) before the store is opened; their cache reaches the store once it is.
        var opened = new Lazy<RunStore>(openStore);
        if (resumeRunId is not null)
        {
            // Only this experiment's candidates count: a learning curve adds candidates to one run in turns.
            var names = plan.Candidates.Select(c => c.Spec.Name).ToHashSet(StringComparer.Ordinal);
            var recordedBefore = opened.Value.RecordedKeys(resumeRunId).Count(key => names.Contains(key.Candidate));
            if (recordedBefore >= plan.Candidates.Count * plan.ItemCount * experiment.Repeats)
            {
                // Nothing left to call: no client is built, so a complete run resumes without the providers' keys.
                progress?.Invoke(new EvalProgress(0, 0, 0, 0, 0, TimeSpan.Zero) { RunId = resumeRunId });
                return new RunOutcome(resumeRunId, recordedBefore, 0, 0, 0, 0);
            }
        }

        using var cache = Setup.UseCache ? new StoreCache(opened) : null;
        var pipeline = Setup.Pipeline(experiment.Calls, cache);
        var clients = plan.Candidates.Select(c => pipeline.Chat(c.Spec.Model, meter)).ToList();
        var judge = experiment.Judge is { } spec ? new ModelJudge(pipeline.Chat(spec.Model, judgeMeter), spec) : null;
        var store = opened.Value;
        var embeddingMeter = new UsageMeter();
        var indexes = await BuildIndexesAsync(plan, experiment, pipeline, embeddingMeter, cancellationToken);
        var runId = resumeRunId ?? store.CreateRun(experiment, [.. experiment.Candidates.Select(RunCandidate.From)], Setup.Time.GetUtcNow()).Id;
        var recorded = store.RecordedKeys(runId);
        var total = (plan.Candidates.Count * plan.ItemCount * experiment.Repeats) - recorded.Count;
        progress?.Invoke(new EvalProgress(0, total, 0, 0, 0, TimeSpan.Zero) { RunId = runId });

        // Bounded, so finished records never pile up in memory when the disk is slower than the model.
        var channel = Channel.CreateBounded<RunRecord>(new BoundedChannelOptions(WriterBatch * 2) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var writer = Task.Run(() => WriteAsync(channel, store), CancellationToken.None);
        var started = Setup.Time.GetTimestamp();
        int done = 0, errors = 0, hits = 0;

        var work = Work(plan, experiment.Repeats, recorded);
        try
        {
            await Parallel.ForEachAsync(
                work,
                new ParallelOptions { MaxDegreeOfParallelism = experiment.Concurrency, CancellationToken = cancellationToken },
                async (unit, token) =>
                {
                    var record = await CallAsync(runId, plan, clients[unit.Candidate], indexes[unit.Candidate], judge, unit, experiment, token);
                    await channel.Writer.WriteAsync(record, CancellationToken.None);
                    var finished = Interlocked.Increment(ref done);
                    var failed = record.Error is null ? Volatile.Read(ref errors) : Interlocked.Increment(ref errors);
                    var cached = record.FromCache ? Interlocked.Increment(ref hits) : Volatile.Read(ref hits);
                    progress?.Invoke(new EvalProgress(finished, total, failed, cached, meter.CostUsd, Setup.Time.GetElapsedTime(started)) { RunId = runId });
                });
        }
        finally
        {
            channel.Writer.TryComplete();
            await writer;
        }

        return new RunOutcome(runId, recorded.Count, done, errors, hits, meter.Calls) 
        {
            CostUsd = meter.CostUsd,
            JudgeCalls = judgeMeter.Calls,
            JudgeCostUsd = judgeMeter.CostUsd,
            EmbeddingCalls = embeddingMeter.Calls,
            EmbeddingTokens = embeddingMeter.InputTokens,
            EmbeddingCostUsd = embeddingMeter.CostUsd,
        };
    }

    private static IEnumerable<WorkUnit> Work(Plan plan, int repeats, HashSet<(string, string, int)> recorded)
    {
        for (var c = 0; c < plan.Candidates.Count; c++)
        {
            foreach (var (item, split) in plan.Items())
            {
                for (var repeat = 0; repeat < repeats; repeat++)
                {
                    if (!recorded.Contains((plan.Candidates[c].Spec.Name, item.Id, repeat)))
                    {
                        yield return new WorkUnit(c, item, repeat, split);
                    }
                }
            }
        }
    }

    /// <summary>The single writer: one connection, one transaction per batch of whatever finished since the last one.</summary>
    private static async Task WriteAsync(Channel<RunRecord> channel, RunStore store)
    {
        try
        {
            using var writer = store.OpenWriter();
            var batch = new List<RunRecord>(WriterBatch);
            while (await channel.Reader.WaitToReadAsync())
            {
                while (batch.Count < WriterBatch && channel.Reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                writer.Append(batch);
                batch.Clear();
            }
        }
        catch (Exception ex)
        {
            // The channel is bounded: without this, callers would wait forever for room a dead writer never makes.
            channel.Writer.TryComplete(ex);
            throw;
        }
    }

    private async Task<RunRecord> CallAsync(string runId, Plan plan, IChatClient client, EmbeddingIndex? index, ModelJudge? judge, WorkUnit unit, Experiment experiment, CancellationToken cancellationToken)
    {
        var candidate = plan.Candidates[unit.Candidate];
        RenderedPrompt prompt;
        try
        {
            var nearest = index is null ? null : await index.NearestAsync(candidate.Builder.RenderInput(unit.Item), candidate.Spec.Strategy.Shots + 1, cancellationToken);
            prompt = candidate.Builder.Render(unit.Item, nearest);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new RunRecord(
                runId, candidate.Spec.Name, unit.Item.Id, unit.Repeat, string.Empty, unit.Item.Expected, null, null, false, "{}",
                0, 0, 0, candidate.InstructionTokens, 0, 0, 0, false, "embedding the input failed: " + Describe(ex)) { Split = unit.Split };
        }

        var instructionTokens = candidate.InstructionTokens;
        var exampleTokens = candidate.Tokens.Count(prompt.Examples);
        var itemTokens = candidate.Tokens.Count(prompt.Input);
        var options = new ChatOptions
        {
            Temperature = (float?)candidate.Spec.SamplingTemperature(experiment.Temperature, experiment.Repeats),
            MaxOutputTokens = experiment.MaxOutputTokens,
            ResponseFormat = candidate.ResponseFormat,
            AdditionalProperties = new()
            {
                [CallMetadata.Repeat] = unit.Repeat,
                [CallMetadata.ItemId] = unit.Item.Id,
                [CallMetadata.EstimatedTokens] = instructionTokens + exampleTokens + itemTokens,
            },
        };
        if (experiment.LogProbs)
        {
            options.AdditionalProperties[LogProbabilities.Key] = true;
        }

        var hash = PromptHash(prompt.Messages);
        try
        {
            var response = await client.GetResponseAsync(prompt.Messages, options, cancellationToken);
            if (response.AdditionalProperties?.TryGetValue(CallMetadata.Refusal, out string? refusal) == true)
            {
                // The call was answered and billed, so its tokens are kept; the refusal is not an answer to score.
                return new RunRecord(
                    runId, candidate.Spec.Name, unit.Item.Id, unit.Repeat, hash, unit.Item.Expected, null, null, false, "{}",
                    response.Usage?.InputTokenCount ?? 0, response.Usage?.CachedInputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0,
                    instructionTokens, exampleTokens, itemTokens, 0, false, "the model refused: " + Redact(refusal ?? string.Empty))
                {
                    CacheWriteTokens = Pricing.CacheWriteTokens(response.Usage),
                };
            }

            var text = response.Text;
            var score = candidate.Scorer.Score(text, unit.Item.Expected);
            var scores = score.Scores;
            string? judgeError = null;
            JudgeUsage? judgeUsage = null;
            if (judge is not null)
            {
                var (grade, problem, usage) = await judge.GradeAsync(prompt.Input, unit.Item.Expected, text, cancellationToken);
                judgeError = problem is null ? null : Providers.ApiKeys.Redact(problem);
                judgeUsage = usage;
                if (grade is { } value)
                {
                    scores = new Dictionary<string, double>(scores, StringComparer.Ordinal) { [MetricNames.Judge] = value };
                }
            }

            var latency = response.AdditionalProperties?.TryGetValue(CallMetadata.LatencyMs, out double ms) == true ? ms : 0;
            var fromCache = response.AdditionalProperties?.TryGetValue(CallMetadata.Cached, out bool c) == true && c;
            return new RunRecord(
                runId, candidate.Spec.Name, unit.Item.Id, unit.Repeat, hash, unit.Item.Expected, text, score.Parsed, score.Compliant,
                JsonSerializer.Serialize(scores),
                response.Usage?.InputTokenCount ?? (instructionTokens + exampleTokens + itemTokens),
                response.Usage?.CachedInputTokenCount ?? 0,
                response.Usage?.OutputTokenCount ?? candidate.Tokens.Count(text),
                instructionTokens, exampleTokens, itemTokens, latency, fromCache, null)
            {
                JudgeError = judgeError, JudgeUsage = judgeUsage, Split = unit.Split, LogProbs = LogProbabilities.Of(response),
                CacheWriteTokens = Pricing.CacheWriteTokens(response.Usage),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new RunRecord(
                runId, candidate.Spec.Name, unit.Item.Id, unit.Repeat, hash, unit.Item.Expected, null, null, false, "{}",
                0, 0, 0, instructionTokens, exampleTokens, itemTokens, 0, false, Describe(ex)) { Split = unit.Split };
        }
    }

    /// <summary>An error as stored and printed: one line, at most 300 characters, keys and credential headers redacted.</summary>
    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {Redact(ex.Message)}";

    private static string Redact(string message)
    {
        message = ApiKeys.Redact(message.ReplaceLineEndings(" "));
        return message.Length > 300 ? message[..300] : message;
    }

    private static string PromptHash(IReadOnlyList<ChatMessage> messages)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var message in messages)
        {
            Append(hash, message.Role.Value);
            Append(hash, "\u001f");
            Append(hash, message.Text);
            Append(hash, "\u001e");
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string text)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, buffer);
        hash.AppendData(buffer, 0, length);
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>How many records a complete run of <paramref name="experiment"/> holds: candidates × scored items × repeats.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <returns>The record count.</returns>
    /// <exception cref="Core.Input.InputException">The experiment's data cannot be read.</exception>
    public static int PlannedRecords(Experiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var (_, _, scored) = Split(experiment);
        var items = 0;
        foreach (bool isScored in scored)
        {
            items += isScored ? 1 : 0;
        }

        return experiment.Candidates.Count * items * experiment.Repeats;
    }

    /// <summary>The first pass: keeps only each record's stratum to compute the seeded split, and which positions are scored.</summary>
    private static (SplitAssignment Assignment, int Count, BitArray Scored) Split(Experiment experiment)
    {
        var dataset = experiment.Dataset;
        var stratify = experiment.Task.Kind == TaskKind.Classification;
        var strata = new List<string>();
        var interned = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var item in DatasetReader.Stream(dataset, checkIds: true))
        {
            count++;
            if (stratify)
            {
                var key = SplitAssignment.Stratum(item.Expected);
                strata.Add(interned.TryGetValue(key, out var same) ? same : interned[key] = key);
            }
        }

        if (count == 0)
        {
            throw DatasetReader.NoRecords(dataset);
        }

        var assignment = SplitAssignment.Create(count, stratify ? strata : null, dataset.Split);
        return (assignment, count, assignment.Scored(dataset, count));
    }

    /// <summary>
    /// Two passes over the data so memory does not grow with it: the first keeps only each record's stratum to compute
    /// the seeded split; later passes stream the scored records, and only the train split is held (for demonstrations).
    /// </summary>
    private Plan Prepare(Experiment experiment)
    {
        Setup.Providers.Validate(experiment);
        var dataset = experiment.Dataset;
        var (assignment, count, scored) = Split(experiment);
        var needsTrain = experiment.Candidates.Any(c => c.Strategy.Shots > 0);
        var trainRank = needsTrain ? assignment.Train.Select((position, rank) => (position, rank)).ToDictionary(p => p.position, p => p.rank) : [];
        var train = new DataItem[trainRank.Count];
        DataItem? first = null;
        var scoredCount = 0;
        var at = 0;
        foreach (var item in DatasetReader.Stream(dataset, checkIds: false))
        {
            if (trainRank.TryGetValue(at, out var rank))
            {
                train[rank] = item;
            }

            if (scored[at] && experiment.OnlyItems is { } only && !only.Contains(item.Id))
            {
                scored[at] = false;
            }

            if (scored[at])
            {
                first ??= item;
                scoredCount++;
            }

            at++;
        }

        if (first is null)
        {
            throw new Core.Input.InputException($"the {dataset.Evaluate} split is empty", experiment.File, null, "dataset.split", "add data or give that split a larger share");
        }

        var candidates = new List<PreparedCandidate>();
        foreach (var spec in experiment.Candidates)
        {
            var builder = new PromptBuilder(experiment.Task, spec.Strategy, train, dataset.Split.Seed);
            builder.Validate(first, experiment.File, spec.Name);
            var tokens = Setup.Providers.CreateTokenCounter(spec.Model);
            var instructionTokens = tokens.Count(builder.Render(first).Instructions);
            candidates.Add(new PreparedCandidate(spec, builder, new Scorer(experiment.Task, spec.Strategy.Kind, experiment.Metrics, experiment.MetricRegistry), tokens, instructionTokens, builder.ResponseFormat()));
        }

        var dev = dataset.Evaluate == "dev+test" ? Positions(assignment.Dev, count) : null;
        return new Plan(dataset, scored, dev, scoredCount, candidates);
    }

    /// <summary>Embeds each embeddings-similarity candidate's train pool once (through the store's cache); null for other candidates.</summary>
    private static async Task<EmbeddingIndex?[]> BuildIndexesAsync(Plan plan, Experiment experiment, CallPipeline pipeline, UsageMeter meter, CancellationToken cancellationToken)
    {
        var indexes = new EmbeddingIndex?[plan.Candidates.Count];
        for (var i = 0; i < indexes.Length; i++)
        {
            var candidate = plan.Candidates[i];
            if (candidate.Spec.Strategy is not { Select: ShotSelection.Similar, Similarity: Similarity.Embeddings, Embeddings: { } model })
            {
                continue;
            }

            var generator = pipeline.Embeddings(model, meter);
            try
            {
                indexes[i] = await EmbeddingIndex.BuildAsync(generator, candidate.Builder.TrainInputs(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new Core.Input.InputException(
                    $"cannot embed the train split with '{model.Id}': {Describe(ex)}", experiment.File, null, $"candidates[{i}].strategy.embeddings", "check the embeddings model's baseUrl, id and key");
            }
        }

        return indexes;
    }

    /// <summary>
    /// A model's client through the same call pipeline as the experiment's candidates (response cache in
    /// <paramref name="store"/> unless the cache is off, retries, rate limit, timeout, metering into <paramref name="meter"/>),
    /// for calls that are not items of a run — the optimizer's proposer.
    /// </summary>
    /// <exception cref="Core.Input.InputException">The provider is unknown or its key is missing.</exception>
    public IChatClient CreateClient(ModelSpec model, CallPolicy calls, RunStore store, UsageMeter meter) =>
        Setup.Pipeline(calls, store).Chat(model, meter);

    /// <summary>Checks that a model's provider is available and its endpoint and key are set, without calling it.</summary>
    /// <exception cref="Core.Input.InputException">The provider is unknown, or its endpoint or key is missing.</exception>
    public void CheckEndpoint(ModelSpec model) =>

        // Not disposed: a provider may hand out a shared client (the local engine keeps one loaded model per folder).
        _ = Setup.Providers.CreateClient(model);

    /// <summary>Counts tokens of <paramref name="texts"/> as the dry run does for <paramref name="model"/>.</summary>
    public int CountTokens(ModelSpec model, IEnumerable<string> texts)
    {
        var counter = Setup.Providers.CreateTokenCounter(model);
        return texts.Sum(counter.Count);
    }

    private static BitArray Positions(IReadOnlyList<int> positions, int count)
    {
        var set = new BitArray(count);
        foreach (var position in positions)
        {
            set[position] = true;
        }

        return set;
    }

    private sealed record WorkUnit(int Candidate, DataItem Item, int Repeat, string? Split);

    /// <summary>
    /// The prepared experiment; <see cref="Items"/> reads the scored records from disk on each call, each with its split
    /// when the run scores dev+test (<see cref="Dev"/> holds the dev positions then) and null otherwise.
    /// </summary>
    private sealed record Plan(DatasetSpec Dataset, BitArray Scored, BitArray? Dev, int ItemCount, IReadOnlyList<PreparedCandidate> Candidates)
    {
        public IEnumerable<(DataItem Item, string? Split)> Items()
        {
            var at = 0;
            foreach (var item in DatasetReader.Stream(Dataset, checkIds: false))
            {
                if (at < Scored.Length && Scored[at])
                {
                    yield return (item, Dev is null ? null : Dev[at] ? "dev" : "test");
                }

                at++;
            }
        }
    }

    private sealed record PreparedCandidate(CandidateSpec Spec, PromptBuilder Builder, Scorer Scorer, TokenCounter Tokens, int InstructionTokens, ChatResponseFormat? ResponseFormat);

    /// <summary>The response cache of a store opened on first use, as one session for the whole run (<see cref="ResponseCacheSession"/>).</summary>
    private sealed class StoreCache(Lazy<RunStore> store) : IResponseCache, IDisposable
    {
        private readonly Lazy<ResponseCacheSession> _session = new(() => store.Value.OpenCacheSession());

        public Task<string?> GetAsync(string key, CancellationToken cancellationToken) => _session.Value.GetAsync(key, cancellationToken);

        public Task SetAsync(string key, string value, CancellationToken cancellationToken) => _session.Value.SetAsync(key, value, cancellationToken);

        public void Dispose()
        {
            if (_session.IsValueCreated)
            {
                _session.Value.Dispose();
            }
        }
    }
}
