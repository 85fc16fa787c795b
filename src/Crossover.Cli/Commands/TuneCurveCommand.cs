using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crossover.Core.Formatting;
using Crossover.Core.Input;
using Crossover.Evaluation.Curves;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Store;
using Crossover.LocalModels;
using Crossover.Tuning.Curves;
using Spectre.Console;

namespace Crossover.Cli.Commands;

/// <summary>
/// <c>crossover tune curve EXPERIMENT --sizes 50,100,… --model DIR</c>: how much data fine-tuning needs to beat prompting
/// (docs/learning-curve.md).
/// </summary>
internal static class TuneCurveCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new TrainingOptions();
        var experimentArgument = new Argument<string>("experiment") { Description = "The experiment: its train split is cut into the sizes, its test split scores every adapter." };
        var allowOutsideOption = CommonOptions.AllowOutsideFiles();
        var sizesOption = new Option<string>("--sizes") { Description = "Training-set sizes, increasing, comma-separated.", DefaultValueFactory = _ => "50,100,200,500,1000" };
        var modelOption = new Option<string>("--model") { Description = "The local base model folder (Hugging Face layout) to LoRA-fine-tune.", Required = true };
        var epochsOption = new Option<int>("--epochs") { Description = "Passes over each subset.", DefaultValueFactory = _ => defaults.Epochs };
        var rankOption = new Option<int>("--lora-rank", "--rank") { Description = "LoRA rank (as in tune export; --rank also works).", DefaultValueFactory = _ => defaults.Lora.Rank };
        var rateOption = new Option<double>("--learning-rate") { Description = "Peak learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var seedOption = new Option<int>("--seed") { Description = "Seed of the subset order and of training.", DefaultValueFactory = _ => defaults.Seed };
        var baselineRunOption = new Option<string?>("--baseline-run") { Description = "Read the baseline from this run in --db instead of scoring the experiment's candidates." };
        var baselineOption = new Option<string?>("--baseline") { Description = "The baseline candidate (default: the one with the highest primary metric)." };
        var costOption = new Option<double?>("--cost-per-label") { Description = "USD to label one example; adds the labeling cost of each size." };
        var dbOption = EvalCommand.Db();
        var noCacheOption = new Option<bool>("--no-cache") { Description = "Call the baseline's models even when an identical call is cached." };
        var catalogOption = CommonOptions.Catalog();
        var formatOption = CommonOptions.Format("table", "json");
        var outOption = new Option<string?>("--out") { Description = "Also write the curve as JSON to this file." };
        var command = new Command("curve", "Fine-tune the local model on nested subsets of the train split and find the smallest size that beats the best prompt.")
        {
            experimentArgument, allowOutsideOption, sizesOption, modelOption, epochsOption, rankOption, rateOption, seedOption, baselineRunOption, baselineOption,
            costOption, dbOption, noCacheOption, catalogOption, formatOption, outOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LearningCurveOptions
            {
                Sizes = ParseSizes(parse.GetValue(sizesOption)!),
                ModelDirectory = parse.GetValue(modelOption)!,
                SubsetSeed = parse.GetValue(seedOption),
                BaselineRunId = parse.GetValue(baselineRunOption),
                BaselineCandidate = parse.GetValue(baselineOption),
                CostPerLabelUsd = parse.GetValue(costOption),
                Training = new TrainingOptions
                {
                    Epochs = parse.GetValue(epochsOption),
                    LearningRate = parse.GetValue(rateOption),
                    Seed = parse.GetValue(seedOption),
                    Lora = new LoraConfig { Rank = parse.GetValue(rankOption) },
                },
            };
            options.Validate();
            var experiment = CommonOptions.LoadExperiment(parse.GetValue(experimentArgument)!, parse.GetValue(allowOutsideOption), context);
            var dbPath = parse.GetValue(dbOption)!;
            RunStore OpenStore() => options.BaselineRunId is null ? RunStore.Open(dbPath, context.Time) : RunStore.OpenExisting(dbPath);

            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var runner = new LearningCurveRunner(new CallSetup(EvalCommand.Providers(context), catalog) { Time = context.Time, UseCache = !parse.GetValue(noCacheOption), Logging = context.Verbose.Factory })
            {
                TrainingProgress = size => new TrainingProgressLines(context, size),
            };
            var curve = await runner.RunAsync(experiment, options, OpenStore, context.Error.WriteLine, cancellationToken);
            if (parse.GetValue(outOption) is { } outPath)
            {
                AtomicFile.WriteText(outPath, curve.ToJson());
            }

            context.Error.WriteLine($"curve: saved with run {curve.RunId}; show it with 'crossover report PROFILE --curve {curve.RunId}'");
            if (parse.GetValue(formatOption) == "json")
            {
                context.Out.WriteLine(JsonSerializer.Serialize(curve, JsonOutput.Options));
            }
            else
            {
                WriteTable(context, curve);
            }

            return CrossoverCli.Ok;
        });
        return command;
    }

    /// <summary>"50,100,200" as sizes; anything else is a user error naming the bad entry.</summary>
    internal static IReadOnlyList<int> ParseSizes(string text)
    {
        var sizes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw new InputException($"'{part}' in --sizes is not a whole number of examples", hint: "e.g. --sizes 50,100,200,500,1000");
            }

            sizes.Add(size);
        }

        return sizes;
    }

    private static void WriteTable(CliContext context, LearningCurve curve)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Title(Markup.Escape($"Learning curve {curve.RunId}: {curve.Metric} on the test items, 95 % intervals in brackets"))
            .AddColumns("examples", curve.Metric, "items", "training tokens", "training s");
        if (curve.CostPerLabelUsd is not null)
        {
            table.AddColumn("labeling USD");
        }

        foreach (var p in curve.Points)
        {
            var cells = new List<string>
            {
                Format.Number(p.Examples, 0) + (p.Examples == curve.ClearingSize ? " *" : string.Empty),
                Markup.Escape(string.Create(c, $"{p.Quality.Value:0.000} [{p.Quality.Low:0.000}–{p.Quality.High:0.000}]")),
                Format.Number(p.Items, 0), Format.Number(p.TrainingTokens, 0), p.TrainingSeconds.ToString("0.0", c),
            };
            if (curve.CostPerLabelUsd is { } cost)
            {
                cells.Add((cost * p.Examples).ToString("0.00", c));
            }

            table.AddRow([.. cells]);
        }

        context.Console.Write(table);
        if (curve.Baseline is { } b)
        {
            context.Out.WriteLine(string.Create(c, $"baseline: {b.Candidate} ({b.Model}, run {b.RunId}) {b.Quality.Value:0.000} [{b.Quality.Low:0.000}–{b.Quality.High:0.000}]"));
        }

        context.Out.WriteLine(curve.ClearingSize is { } size
            ? $"clears the baseline at {Format.Number(size, 0)} examples (* : the interval's lower bound is above the baseline's estimate)"
                + (curve.CostPerLabelUsd is { } perLabel ? $"; labeling them costs {Format.Usd(perLabel * size)}" : string.Empty)
            : "clears the baseline: none within the sizes tried");
    }
}
