using System.CommandLine;
using System.Globalization;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Store;
using Crossover.Tuning.Data;
using Crossover.Tuning.Distillation;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover tune distill EXPERIMENT --teacher CANDIDATE --inputs FILE --out FILE</c>: a strong model labels unlabeled inputs for a student's training file.</summary>
internal static class TuneDistillCommand
{
    public static Command Create(CliContext context)
    {
        var experimentArgument = new Argument<string>("experiment") { Description = "The experiment file: task, candidates and call policy." };
        var allowOutsideOption = CommonOptions.AllowOutsideFiles();
        var teacherOption = new Option<string>("--teacher") { Description = "The candidate that labels the inputs (its model with its own prompt strategy).", Required = true };
        var inputsOption = new Option<string>("--inputs") { Description = "JSONL or CSV rows with the fields task.input uses and no answer.", Required = true };
        var outOption = new Option<string>("--out") { Description = "The training file to write (JSON Lines); nothing is written unless the run completes.", Required = true };
        var formats = TrainingFormats.Names.Where(n => !TrainingFormats.IsPreference(TrainingFormats.Parse(n))).ToArray();
        var formatOption = CommonOptions.Format(formats);
        var repeatsOption = new Option<int>("--repeats") { Description = "Teacher answers per input.", DefaultValueFactory = _ => 1 };
        var agreementOption = new Option<bool>("--require-agreement") { Description = "Keep an input only when all repeats pass the checks and agree." };
        var limitOption = new Option<int?>("--limit") { Description = "Label at most this many rows (the first ones)." };
        var dbOption = EvalCommand.Db();
        var noCacheOption = new Option<bool>("--no-cache") { Description = "Call the teacher even when an identical successful call is cached." };
        var catalogOption = CommonOptions.Catalog();

        var distill = new Command("distill", "Label unlabeled inputs with a teacher candidate, keep the answers that pass the task's checks, and write them as training data with the short production prompt.")
        {
            experimentArgument, allowOutsideOption, teacherOption, inputsOption, outOption, formatOption, repeatsOption, agreementOption, limitOption, dbOption, noCacheOption, catalogOption,
        };
        distill.SetAction(async (parse, cancellationToken) =>
        {
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var experiment = CommonOptions.LoadExperiment(parse.GetValue(experimentArgument)!, parse.GetValue(allowOutsideOption), context);
            var format = TrainingFormats.Parse(parse.GetValue(formatOption)!);
            var noCache = parse.GetValue(noCacheOption);
            var options = new DistillOptions(
                parse.GetValue(teacherOption)!, parse.GetValue(inputsOption)!, parse.GetValue(repeatsOption), parse.GetValue(agreementOption), parse.GetValue(limitOption), !noCache);
            var dbPath = parse.GetValue(dbOption)!;
            var distiller = new Distiller(new CallSetup(EvalCommand.Providers(context), catalog) { Time = context.Time, Logging = context.Verbose.Factory });
            var progress = new Progress(context);
            var result = await distiller.DistillAsync(experiment, options, noCache ? null : () => RunStore.Open(dbPath, context.Time), progress.Report, cancellationToken);
            var outPath = parse.GetValue(outOption)!;
            var (_, recordPath) = DistillRecord.Write(outPath, format, result, options, context.Time.GetUtcNow());
            if (result.Kept.Count < TrainingPreparer.MinimumExamples)
            {
                context.Error.WriteLine($"warning: only {result.Kept.Count} examples kept; OpenAI's fine-tuning API needs at least {TrainingPreparer.MinimumExamples}");
            }

            WriteSummary(context.Out, result, outPath, parse.GetValue(formatOption)!);
            context.Out.WriteLine($"record: {recordPath}");
            return CrossoverCli.Ok;
        });
        return distill;
    }

    private static void WriteSummary(TextWriter output, DistillResult result, string outPath, string format)
    {
        var c = CultureInfo.InvariantCulture;
        var usage = result.Usage;
        output.WriteLine(string.Create(c, $"wrote {result.Kept.Count} examples to {outPath} ({format}; prompt: the tuned candidate's zero-shot prompt)"));
        output.WriteLine(string.Create(c, $"kept {result.Kept.Count} of {result.Inputs} inputs; rejected {result.Inputs - result.Kept.Count}{(result.Rejected.Count > 0 ? ": " + DistillRecord.RejectionSummary(result) : string.Empty)}"));
        output.WriteLine(string.Create(c, $"teacher: {result.Teacher} ({result.Model}), {result.Repeats} answer(s) per input: {usage.ProviderCalls} provider calls, {usage.CacheHits} from cache"));
        output.WriteLine(string.Create(c, $"teacher tokens: {usage.InputTokens} input ({usage.CachedTokens} cached), {usage.OutputTokens} output"));
        output.WriteLine(usage.CostUsd is { } cost
            ? string.Create(c, $"teacher cost: ${cost:0.000000} (prices: {usage.PriceSource})")
            : $"teacher cost: unknown ('{result.Model}' has no price in the catalog; add it with --catalog FILE or set priceAs)");
    }

    /// <summary>Progress on stderr, paced by the one <see cref="ProgressThrottle"/>; teacher calls report from several threads.</summary>
    private sealed class Progress(CliContext context)
    {
        private readonly object _gate = new();
        private readonly ProgressThrottle _throttle = new(context.Time);

        public void Report(int done, int total)
        {
            lock (_gate)
            {
                if (_throttle.ShouldPrint(final: done == total))
                {
                    context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"distill: {done}/{total} teacher calls"));
                }
            }
        }
    }
}
