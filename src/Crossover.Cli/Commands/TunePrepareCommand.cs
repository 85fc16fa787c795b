using System.CommandLine;
using System.Globalization;
using Crossover.Tuning.Data;
using Crossover.Tuning.Jobs;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover tune prepare EXPERIMENT --format … --out FILE</c>: a validated training file with a cost estimate.</summary>
internal static class TunePrepareCommand
{
    public static Command Create(CliContext context)
    {
        var experimentArgument = new Argument<string>("experiment") { Description = "The experiment file; its train split becomes the training data." };
        var allowOutsideOption = CommonOptions.AllowOutsideFiles();
        var formatOption = CommonOptions.Format([.. TrainingFormats.Names]);
        var outOption = new Option<string>("--out") { Description = "The training file to write (JSON Lines).", Required = true };
        var modelOption = new Option<string?>("--model") { Description = "The catalog model to tokenize and price for (default: the experiment's first candidate's model)." };
        var epochsOption = new Option<int>("--epochs") { Description = "Passes over the data the training-cost estimate assumes.", DefaultValueFactory = _ => TuningHyperparameters.DefaultEpochs };
        var chosenOption = new Option<string>("--chosen") { Description = "The dataset field with the preferred answer (--format dpo or openai-dpo).", DefaultValueFactory = _ => "chosen" };
        var rejectedOption = new Option<string>("--rejected") { Description = "The dataset field with the dispreferred answer (--format dpo or openai-dpo).", DefaultValueFactory = _ => "rejected" };
        var catalogOption = CommonOptions.Catalog();

        var prepare = new Command("prepare", "Write the experiment's train split as a training file after validating it, and estimate training and tuned-call cost.")
        {
            experimentArgument, allowOutsideOption, formatOption, outOption, modelOption, epochsOption, chosenOption, rejectedOption, catalogOption,
        };
        prepare.SetAction(parse =>
        {
            var epochs = parse.GetValue(epochsOption);
            TuningHyperparameters.ValidateEpochs(epochs);

            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var experiment = CommonOptions.LoadExperiment(parse.GetValue(experimentArgument)!, parse.GetValue(allowOutsideOption), context);
            var options = new PrepareOptions(
                TrainingFormats.Parse(parse.GetValue(formatOption)!), parse.GetValue(modelOption), epochs, parse.GetValue(chosenOption)!, parse.GetValue(rejectedOption)!);
            var prepared = TrainingPreparer.Prepare(experiment, options, catalog);
            var outPath = parse.GetValue(outOption)!;
            TrainingWriter.WriteFile(outPath, prepared.Examples, options.Format);

            foreach (var warning in prepared.Report.Warnings)
            {
                context.Error.WriteLine($"warning: {warning}");
            }

            WriteSummary(context.Out, prepared.Report, outPath);
            return CrossoverCli.Ok;
        });

        return prepare;
    }

    private static void WriteSummary(TextWriter output, TrainingSetReport report, string outPath)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"wrote {report.Examples} examples to {outPath}"));
        output.WriteLine(string.Create(c, $"model: {report.Model} (tokens counted with {report.Encoding}{(report.ContextTokens is { } ctx ? $", context {ctx}" : string.Empty)})"));
        output.WriteLine(string.Create(c, $"tokens per example: min {report.MinTokens}, mean {(double)report.TrainingTokens / report.Examples:0.#}, max {report.MaxTokens}; total {report.TrainingTokens} per epoch"));
        output.WriteLine(string.Create(c, $"mean tuned call: {report.MeanPromptTokens:0.#} prompt tokens, {report.MeanAnswerTokens:0.#} answer tokens"));
        if (report.Labels.Count > 0)
        {
            output.WriteLine("labels: " + string.Join(", ", report.Labels.Select(l => string.Create(c, $"{l.Key} {l.Value}"))));
        }

        output.WriteLine(report.TrainingCost is { } training
            ? string.Create(c, $"training cost: {report.TrainingTokens} tokens x {report.Epochs} epochs = ${training:0.0000}")
            : "training cost: unknown (no fine-tuning price in the catalog)");
        output.WriteLine(report.TunedCallCost is { } call
            ? string.Create(c, $"tuned per-call cost: ${call:0.000000} (${call * 1000:0.0000} per 1k calls)")
            : "tuned per-call cost: unknown");
    }
}
