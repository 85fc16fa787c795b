using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crossover.Core.Formatting;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Metrics;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Crossover.Tuning;
using Spectre.Console;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover eval EXPERIMENT [--dry-run] | --resume RUN</c>: run candidates on labeled data and compare them with honest statistics.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var experimentArgument = new Argument<string?>("experiment") { Description = "The experiment file (see docs/experiment.md).", Arity = ArgumentArity.ZeroOrOne };
        var resumeOption = new Option<string?>("--resume") { Description = "Continue a run by id; records already stored are never called again." };
        var dryRunOption = new Option<bool>("--dry-run") { Description = "Print calls, tokens and estimated cost per candidate; call nothing." };
        var dbOption = Db();
        var allowOutsideOption = CommonOptions.AllowOutsideFiles();
        var noCacheOption = new Option<bool>("--no-cache") { Description = "Call the models even when an identical successful call is cached." };
        var catalogOption = CommonOptions.Catalog();
        var formatOption = CommonOptions.Format("table", "json");
        var command = new Command("eval", "Run prompt variants and fine-tuned models on your own labeled data and compare them.")
        {
            experimentArgument, resumeOption, dryRunOption, dbOption, allowOutsideOption, noCacheOption, catalogOption, formatOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var dbPath = parse.GetValue(dbOption)!;
            var resume = parse.GetValue(resumeOption);
            var file = parse.GetValue(experimentArgument);
            var json = parse.GetValue(formatOption) == "json";
            Experiment experiment;
            RunStore? store = null;
            if (resume is not null)
            {
                if (file is not null)
                {
                    throw new InputException("give either an experiment file or --resume RUN, not both", hint: "a resumed run uses the experiment it started with");
                }

                store = RunStore.OpenExisting(dbPath);
                var run = store.Run(resume);
                experiment = ExperimentReader.Parse(run.ExperimentText, run.ExperimentFile, parse.GetValue(allowOutsideOption));
            }
            else
            {
                experiment = CommonOptions.LoadExperiment(file ?? throw new InputException("no experiment file given", hint: "run 'crossover eval EXPERIMENT.yaml', or 'crossover eval --resume RUN'"), parse.GetValue(allowOutsideOption), context);
            }

            var runner = new EvalRunner(new CallSetup(Providers(context), catalog) { Time = context.Time, UseCache = !parse.GetValue(noCacheOption), Logging = context.Verbose.Factory });
            if (parse.GetValue(dryRunOption))
            {
                var estimates = runner.DryRun(experiment, resume is null ? null : store!.RecordedKeys(resume));
                WriteDryRun(context, experiment, estimates, json);
                return CrossoverCli.Ok;
            }

            var progress = new ProgressPrinter(context, dbPath);
            RunOutcome outcome;
            try
            {
                outcome = await runner.RunAsync(experiment, () => store ??= RunStore.Open(dbPath, context.Time), resume, progress.Report, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && progress.RunId is { Length: > 0 } runId)
            {
                context.Error.WriteLine($"eval: run {runId} stopped; continue it with: {ResumeCommand(runId, dbPath)}");
                return CrossoverCli.Cancelled;
            }

            progress.Finish(outcome);
            var report = RunReport.Load(store!, outcome.RunId, catalog);
            if (json)
            {
                context.Out.WriteLine(RunReportJson.Serialize(report));
            }
            else
            {
                WriteTables(context, report);
            }

            return report.Candidates.Any(c => c.Errors > 0) ? CrossoverCli.Failed : CrossoverCli.Ok;
        });
        return command;
    }

    /// <summary>The providers the CLI offers: the built-in HTTP ones, and <c>local</c> (the in-process engine; model id = the model folder).</summary>
    internal static ProviderRegistry Providers(CliContext context) => new ProviderRegistry(context.Time).AddLocalEngine();

    /// <summary>The command that continues <paramref name="runId"/>, with --db when the store is not the default one.</summary>
    internal static string ResumeCommand(string runId, string dbPath) =>
        dbPath == RunStore.DefaultPath ? $"crossover eval --resume {runId}" : $"crossover eval --resume {runId} --db {dbPath}";

    internal static Option<string> Db() => new("--db")
    {
        Description = "The run store (SQLite).",
        DefaultValueFactory = _ => RunStore.DefaultPath,
    };

    private static void WriteDryRun(CliContext context, Experiment experiment, IReadOnlyList<DryRunEstimate> estimates, bool json)
    {
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new
            {
                experiment = experiment.Name,
                candidates = estimates,
                totalCalls = estimates.Sum(e => e.Calls),
                totalCostUsd = estimates.All(e => e.CostUsd is not null) ? estimates.Sum(e => e.CostUsd) : null,
            }, JsonOutput.Options));
            return;
        }

        var table = new Table().Title($"Dry run of '{Markup.Escape(experiment.Name)}': nothing was called")
            .AddColumns("candidate", "model", "calls", "input tokens", "output tokens (est.)", "cost (est.)", "tokenizer");
        foreach (var e in estimates)
        {
            table.AddRow(Markup.Escape(e.Candidate), Markup.Escape(e.Model), Format.Number(e.Calls, 0), Format.Number(e.InputTokens, 0), Format.Number(e.OutputTokens, 0),
                e.CostUsd is { } cost ? Format.Usd(cost) : "no price", e.Tokenizer);
        }

        context.Console.Write(table);
    }

    internal static void WriteTables(CliContext context, RunReport report)
    {
        var table = new Table().Title($"Run {Markup.Escape(report.RunId)}: 95 % intervals in [[brackets]]; primary metric {Markup.Escape(report.Primary)}")
            .AddColumn("candidate").AddColumn("model").AddColumn("items");
        foreach (var metric in report.Metrics)
        {
            table.AddColumn(Markup.Escape(metric));
        }

        table.AddColumns("p50 / p95 ms", "tokens in / cached / out", "per 1k requests", "errors");
        var hasJudge = report.Metrics.Contains(MetricNames.Judge);
        if (hasJudge)
        {
            table.AddColumn("judge errors");
        }

        foreach (var c in report.Candidates)
        {
            var cells = new List<string> { Markup.Escape(c.Name), Markup.Escape(c.Model), Format.Number(c.Items, 0) };
            cells.AddRange(report.Metrics.Select(m => c.Metrics[m]).Select(m => Markup.Escape(Format.Interval(m.Value, m.Low, m.High))));
            cells.Add($"{c.LatencyMs.P50:0} / {c.LatencyMs.P95:0}");
            cells.Add($"{c.Tokens.Input:0} / {c.Tokens.Cached:0} / {c.Tokens.Output:0}");
            cells.Add(c.CostPer1kUsd is { } cost ? Format.Usd(cost) : "no price");
            cells.Add(Format.Number(c.Errors, 0));
            if (hasJudge)
            {
                cells.Add(Format.Number(c.JudgeErrors, 0));
            }

            table.AddRow([.. cells]);
        }

        context.Console.Write(table);
        if (report.Judge is { } judge)
        {
            var cost = judge.CostUsd is { } usd ? Format.Usd(usd) : "no price";
            context.Console.WriteLine($"Judge {judge.Model}: {Format.Number(judge.Calls, 0)} calls over the run, {cost} (not in the candidates' costs)");
        }
        if (report.Comparisons.Count == 0)
        {
            return;
        }

        var pairs = new Table().Title($"Paired comparisons on {Markup.Escape(report.Primary)} (same items)")
            .AddColumns("first", "second", "difference [[95 %]]", "p-value", "test", "items needed", "verdict");
        foreach (var p in report.Comparisons)
        {
            pairs.AddRow(Markup.Escape(p.First), Markup.Escape(p.Second),
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{p.Result.Difference:+0.000;-0.000;0.000} [{p.Result.Low:0.000}, {p.Result.High:0.000}]")),
                p.Result.PValue.ToString("0.0000", CultureInfo.InvariantCulture), p.Result.Test,
                p.Result.ItemsNeeded is { } n ? Format.Number(n, 0) : "-", Markup.Escape(p.Verdict));
        }

        context.Console.Write(pairs);
    }

    /// <summary>Progress on stderr: at most one line a second, with ETA and running cost.</summary>
    private sealed class ProgressPrinter(CliContext context, string dbPath)
    {
        private readonly object _gate = new();
        private readonly ProgressThrottle _throttle = new(context.Time);

        public string? RunId { get; private set; }

        public void Report(EvalProgress progress)
        {
            lock (_gate)
            {
                if (RunId is null && progress.RunId is { Length: > 0 } id)
                {
                    // Printed once, as soon as the run exists, so the resume command is on screen before any call.
                    context.Error.WriteLine($"eval: run {id} · to continue it if stopped: {ResumeCommand(id, dbPath)}");
                }

                RunId = progress.RunId;
                if (progress.Total == 0)
                {
                    return;
                }

                if (!_throttle.ShouldPrint(final: progress.Done == progress.Total))
                {
                    return;
                }

                var eta = progress.Eta is { } left ? $"ETA {left:h\\:mm\\:ss}" : "ETA -";
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"eval: {progress.Done}/{progress.Total} ({100.0 * progress.Done / Math.Max(1, progress.Total):0}%) · {progress.Errors} errors · {progress.CacheHits} cached · {Format.Usd(progress.CostUsd)} · {eta}"));
            }
        }

        public void Finish(RunOutcome outcome)
        {
            var resumed = outcome.AlreadyRecorded > 0 ? $", {outcome.AlreadyRecorded} already recorded" : string.Empty;
            context.Error.WriteLine($"eval: run {outcome.RunId}: {outcome.Recorded} records written ({outcome.ProviderCalls} provider calls, {outcome.CacheHits} from cache, {outcome.Errors} errors{resumed})");
            if (outcome.JudgeCalls > 0)
            {
                context.Error.WriteLine($"eval: judge: {outcome.JudgeCalls} calls, {Format.Usd(outcome.JudgeCostUsd)} (not in the candidates' costs)");
            }

            if (outcome.EmbeddingCalls > 0)
            {
                context.Error.WriteLine($"eval: embeddings: {outcome.EmbeddingCalls} requests, {outcome.EmbeddingTokens} tokens, {Format.Usd(outcome.EmbeddingCostUsd)} this session (not in the candidates' costs)");
            }

            if (outcome.Errors > 0)
            {
                context.Error.WriteLine($"warning: {outcome.Errors} calls failed after retries and are recorded as errors; see 'sampleErrors' in --format json");
            }
        }
    }
}
