using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crossover.Core.Formatting;
using Crossover.Tuning.Jobs;
using Spectre.Console;

namespace Crossover.Cli.Commands;

/// <summary>Options and output shared by <c>tune start</c>, <c>status</c> and <c>cancel</c>.</summary>
internal static class TuneJobOutput
{
    public static Option<double> PollInterval() => new("--poll-interval")
    {
        Description = "Seconds between status polls while waiting.",
        DefaultValueFactory = _ => 30,
    };

    public static Option<double?> Timeout() => new("--timeout")
    {
        Description = "With --wait: give up waiting after this many seconds (the job keeps running; exit code 1).",
    };

    /// <summary>The job service over the store: <c>tune start</c> creates the store; looking jobs up (status, cancel) needs one and creates nothing.</summary>
    public static TuningJobs Service(string db, CliContext context, bool create = false) =>
        new(create ? TuningJobStore.Open(db) : TuningJobStore.OpenExisting(db), context.Time, new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan });

    /// <summary>Checks the waiting options; verbs call it before any remote or paid action, so a bad value never follows a submitted job.</summary>
    public static void ValidateWait(double pollSeconds, double? timeoutSeconds)
    {
        if (pollSeconds <= 0 || timeoutSeconds is <= 0)
        {
            throw new Core.Input.InputException("--poll-interval and --timeout must be positive", field: "poll-interval", hint: "e.g. --poll-interval 30");
        }
    }

    /// <summary>Waits when asked, prints the job, and turns its status into the exit code.</summary>
    public static async Task<int> FinishAsync(TuningJobs jobs, TuningJob job, bool wait, double pollSeconds, double? timeoutSeconds, bool json, CliContext context, CancellationToken ct)
    {
        ValidateWait(pollSeconds, timeoutSeconds);
        var waited = false;
        if (wait && !job.Status.IsTerminal())
        {
            job = await WaitWithProgressAsync(jobs, job, pollSeconds, timeoutSeconds, context, ct);
            waited = true;
        }

        Write(jobs, job, json, context);
        if (job.Status is TuningJobStatus.Failed or TuningJobStatus.Cancelled)
        {
            context.Error.WriteLine($"job {job.Id} {job.Status.Name()}{(job.Error is null ? string.Empty : ": " + job.Error)}");
            return CrossoverCli.Failed;
        }

        if (waited && !job.Status.IsTerminal())
        {
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"error: job {job.Id} is still {job.Status.Name()} after {timeoutSeconds}s of waiting; it keeps going at the provider: check it later with 'crossover tune status {job.Id}'"));
            return CrossoverCli.Failed;
        }

        return CrossoverCli.Ok;
    }

    /// <summary>
    /// Polls until the job ends, printing one line per poll (status and time waited) and each new provider event (steps,
    /// losses) as it arrives, so a wait of hours shows it is alive whether or not stderr is a terminal.
    /// </summary>
    private static async Task<TuningJob> WaitWithProgressAsync(TuningJobs jobs, TuningJob job, double pollSeconds, double? timeoutSeconds, CliContext context, CancellationToken ct)
    {
        var seen = jobs.Store.Events(job.Id).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var since = context.Time.GetTimestamp();
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"waiting for {job.Id} ({job.Status.Name()}), polling every {pollSeconds}s…"));
        return await jobs.WaitAsync(job, TimeSpan.FromSeconds(pollSeconds), timeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : null, j =>
        {
            foreach (var e in jobs.Store.Events(j.Id).Where(e => seen.Add(e.Id)))
            {
                context.Error.WriteLine($"{j.Id}: {(e.Level == "info" ? string.Empty : e.Level + ": ")}{e.Message}");
            }

            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{j.Id}: {j.Status.Name()} ({context.Time.GetElapsedTime(since):h\\:mm\\:ss} waited)"));
        }, ct);
    }

    public static void Write(TuningJobs jobs, TuningJob job, bool json, CliContext context)
    {
        var events = jobs.Store.Events(job.Id);
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(Document(job, events), JsonOutput.Options));
            return;
        }

        var o = context.Out;
        o.WriteLine($"job {job.Id} ({job.Backend}, {job.Provider})");
        o.WriteLine($"status: {job.Status.Name()}");
        if (job.ProviderJobId is not null)
        {
            o.WriteLine($"provider job: {job.ProviderJobId}");
        }

        o.WriteLine($"base model: {job.BaseModel}");
        o.WriteLine($"training file: {job.TrainingFile} (sha256 {job.TrainingFileSha256[..12]}…)");
        if (job is { ValidationFile: { } validation, ValidationFileSha256: { } validationSha })
        {
            o.WriteLine($"validation file: {validation} (sha256 {validationSha[..12]}…)");
        }

        if (job.FineTunedModel is not null)
        {
            o.WriteLine($"fine-tuned model: {job.FineTunedModel}");
        }

        if (job.TrainedTokens is { } tokens)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained tokens: {tokens}"));
        }

        if (job.Error is not null)
        {
            o.WriteLine($"error: {job.Error}");
        }

        if (job.CandidateAdded)
        {
            o.WriteLine($"candidate: {job.CandidateName} in {job.ExperimentPath}");
        }

        if (events.Count > 0)
        {
            o.WriteLine("events:");
            foreach (var e in events)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {e.CreatedAt:yyyy-MM-dd HH:mm:ss} {e.Level,-5} {e.Message}"));
            }
        }
    }

    public static void WriteList(IReadOnlyList<TuningJob> list, bool json, CliContext context)
    {
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new { jobs = list.Select(j => Document(j, null)) }, JsonOutput.Options));
            return;
        }

        if (list.Count == 0)
        {
            context.Out.WriteLine("no tuning jobs yet; start one with 'crossover tune start EXPERIMENT'");
            return;
        }

        // Ids and statuses stay whole (ids are copied into 'tune status JOB'); the model names wrap.
        var table = new Table()
            .AddColumn(new TableColumn("job").NoWrap()).AddColumn(new TableColumn("status").NoWrap())
            .AddColumns("provider", "base model", "fine-tuned model", "trained tokens");
        foreach (var j in list)
        {
            table.AddRow(
                Markup.Escape(j.Id), j.Status.Name(), Markup.Escape(j.Provider), Markup.Escape(j.BaseModel), Markup.Escape(j.FineTunedModel ?? "-"),
                j.TrainedTokens?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }

        context.Console.Write(table);
    }

    private static object Document(TuningJob job, IReadOnlyList<TuningJobEvent>? events) => new
    {
        id = job.Id,
        status = job.Status.Name(),
        backend = job.Backend,
        provider = job.Provider,
        baseUrl = job.BaseUrl,
        providerJobId = job.ProviderJobId,
        baseModel = job.BaseModel,
        experiment = job.ExperimentPath,
        candidate = job.CandidateName,
        candidateAdded = job.CandidateAdded,
        hyperparameters = job.Hyperparameters,
        trainingFile = job.TrainingFile,
        trainingFileSha256 = job.TrainingFileSha256,
        validationFile = job.ValidationFile,
        validationFileSha256 = job.ValidationFileSha256,
        fineTunedModel = job.FineTunedModel,
        trainedTokens = job.TrainedTokens,
        error = job.Error,
        createdAt = job.CreatedAt,
        finishedAt = job.FinishedAt,
        events = events?.Select(e => new { e.Id, e.CreatedAt, e.Level, e.Message }),
    };
}
