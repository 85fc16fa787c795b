using System.CommandLine;
using System.Globalization;
using Crossover.Tuning.Export;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover tune export EXPERIMENT --tool … --out DIR</c>: the validated train split plus a config skeleton for an open-source LoRA trainer.</summary>
internal static class TuneExportCommand
{
    public static Command Create(CliContext context)
    {
        var experimentArgument = new Argument<string>("experiment") { Description = "The experiment file; its train split is the training data and its dev split the validation data." };
        var allowOutsideOption = CommonOptions.AllowOutsideFiles();
        var toolOption = new Option<string>("--tool") { Description = "The trainer: " + string.Join(", ", TrainingTools.Names) + ".", Required = true };
        toolOption.AcceptOnlyFromAmong([.. TrainingTools.Names]);
        var outOption = new Option<string>("--out") { Description = "The folder to write the data and config into (created when missing).", Required = true };
        var baseModelOption = new Option<string>("--base-model") { Description = "The Hugging Face model id to adapt.", DefaultValueFactory = _ => ExportOptions.DefaultBaseModel };
        var epochsOption = new Option<int>("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 3 };
        var rankOption = new Option<int>("--lora-rank") { Description = "LoRA rank r.", DefaultValueFactory = _ => 16 };
        var alphaOption = new Option<int?>("--lora-alpha") { Description = "LoRA alpha (default: twice the rank)." };
        var dropoutOption = new Option<double>("--lora-dropout") { Description = "Dropout on the LoRA path.", DefaultValueFactory = _ => 0.05 };
        var targetOption = new Option<string>("--lora-target") { Description = "Modules to adapt: all (every linear projection) or names such as q_proj,v_proj.", DefaultValueFactory = _ => "all" };
        var rateOption = new Option<double>("--learning-rate") { Description = "Peak learning rate.", DefaultValueFactory = _ => 2e-4 };
        var sequenceOption = new Option<int?>("--sequence-len") { Description = "Longest example in tokens the trainer takes (default: sized from the longest example)." };
        var batchOption = new Option<int>("--micro-batch-size") { Description = "Examples per device per step.", DefaultValueFactory = _ => 2 };
        var accumulationOption = new Option<int>("--gradient-accumulation") { Description = "Steps summed per optimizer update.", DefaultValueFactory = _ => 4 };
        var templateOption = new Option<string?>("--template") { Description = "A name from LLaMA-Factory's template registry (default: none, so the model's own chat template is used)." };
        var modelOption = new Option<string?>("--model") { Description = "The catalog model the validation tokenizes for (default: the experiment's first candidate's model)." };
        var catalogOption = CommonOptions.Catalog();

        var export = new Command("export", "Write the experiment's training data and a config skeleton for LLaMA-Factory, Axolotl or Unsloth, after validating the data as prepare does.")
        {
            experimentArgument, allowOutsideOption, toolOption, outOption, baseModelOption, epochsOption, rankOption, alphaOption, dropoutOption, targetOption,
            rateOption, sequenceOption, batchOption, accumulationOption, templateOption, modelOption, catalogOption,
        };
        export.SetAction(parse =>
        {
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var experiment = CommonOptions.LoadExperiment(parse.GetValue(experimentArgument)!, parse.GetValue(allowOutsideOption), context);
            var options = new ExportOptions(
                TrainingTools.Parse(parse.GetValue(toolOption)!),
                parse.GetValue(baseModelOption)!,
                parse.GetValue(epochsOption),
                parse.GetValue(rankOption),
                parse.GetValue(alphaOption),
                parse.GetValue(dropoutOption),
                parse.GetValue(targetOption)!,
                parse.GetValue(rateOption),
                parse.GetValue(sequenceOption),
                parse.GetValue(batchOption),
                parse.GetValue(accumulationOption),
                parse.GetValue(templateOption),
                parse.GetValue(modelOption));
            var result = TrainingExporter.Export(experiment, options, catalog, parse.GetValue(outOption)!);
            foreach (var warning in result.Warnings)
            {
                context.Error.WriteLine($"warning: {warning}");
            }

            var c = CultureInfo.InvariantCulture;
            context.Out.WriteLine(string.Create(c, $"exported {result.TrainExamples} training and {result.ValidationExamples} validation examples for {parse.GetValue(toolOption)} (base model {options.BaseModel}, sequence length {result.SequenceLength}):"));
            foreach (var file in result.Files)
            {
                context.Out.WriteLine("  " + file);
            }

            context.Out.WriteLine("run: " + result.Command);
            return CrossoverCli.Ok;
        });
        return export;
    }
}
