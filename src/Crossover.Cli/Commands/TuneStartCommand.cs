using System.CommandLine;
using System.Globalization;
using Crossover.Tuning.Jobs;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover tune start EXPERIMENT --backend local|openai-compatible --model BASE …</c>: prepare, validate, estimate, submit (once).</summary>
internal static class TuneStartCommand
{
    public static Command Create(CliContext context)
    {
        var experimentArgument = new Argument<string>("experiment") { Description = "The experiment file; its train split is the training data and the tuned model becomes its candidate." };
        var allowOutsideOption = CommonOptions.AllowOutsideFiles();
        var backendOption = new Option<string>("--backend") { Description = "Where to train.", Required = true };
        backendOption.AcceptOnlyFromAmong(TuningJobs.RemoteBackend, TuningJobs.LocalBackend);
        var modelOption = new Option<string>("--model") { Description = "The base model: a provider model id, or (local) a Hugging Face model folder.", Required = true };
        var providerOption = new Option<string>("--provider") { Description = "The wire variant of openai-compatible.", DefaultValueFactory = _ => "openai" };
        providerOption.AcceptOnlyFromAmong("openai", "azure-openai");
        var baseUrlOption = new Option<string?>("--base-url") { Description = $"The API root (default {FineTuningEndpoint.OpenAiBaseUrl}; azure-openai: the resource endpoint)." };
        var keyEnvOption = new Option<string?>("--api-key-env") { Description = "The environment variable holding the key (default OPENAI_API_KEY, or AZURE_OPENAI_API_KEY)." };
        var apiVersionOption = new Option<string>("--api-version") { Description = "The Azure OpenAI api-version.", DefaultValueFactory = _ => FineTuningEndpoint.DefaultAzureApiVersion };
        var epochsOption = new Option<int?>("--epochs") { Description = "Passes over the data (default: the provider's auto; local 3)." };
        var batchOption = new Option<int?>("--batch-size") { Description = "Examples per step (default: the provider's auto; local 4)." };
        var lrOption = new Option<double?>("--learning-rate-multiplier") { Description = "Scales the base learning rate (local: 2e-4 × this)." };
        var suffixOption = new Option<string?>("--suffix") { Description = "Added to the tuned model's name; the candidate is named tuned-SUFFIX." };
        var seedOption = new Option<int?>("--seed") { Description = "Training seed." };
        var noValidationOption = new Option<bool>("--no-validation") { Description = "Do not send the dev split as the validation file." };
        var waitOption = new Option<bool>("--wait") { Description = "Poll until the job ends." };
        var pollOption = TuneJobOutput.PollInterval();
        var timeoutOption = TuneJobOutput.Timeout();
        var dbOption = EvalCommand.Db();
        var catalogOption = CommonOptions.Catalog();
        var formatOption = CommonOptions.Format("text", "json");

        var start = new Command("start", "Prepare and validate the train split, estimate cost, and start a fine-tuning job (once per data and settings).")
        {
            experimentArgument, allowOutsideOption, backendOption, modelOption, providerOption, baseUrlOption, keyEnvOption, apiVersionOption, epochsOption, batchOption,
            lrOption, suffixOption, seedOption, noValidationOption, waitOption, pollOption, timeoutOption, dbOption, catalogOption, formatOption,
        };
        start.SetAction(async (parse, ct) =>
        {
            var local = parse.GetValue(backendOption) == TuningJobs.LocalBackend;
            var model = parse.GetValue(modelOption)!;
            var hp = new TuningHyperparameters(parse.GetValue(epochsOption), parse.GetValue(batchOption), parse.GetValue(lrOption), parse.GetValue(seedOption), parse.GetValue(suffixOption));
            hp.Validate();
            TuneJobOutput.ValidateWait(parse.GetValue(pollOption), parse.GetValue(timeoutOption));
            var endpoint = local ? null : FineTuningEndpoint.Create(parse.GetValue(providerOption)!, parse.GetValue(baseUrlOption), parse.GetValue(keyEnvOption), parse.GetValue(apiVersionOption));
            var experimentPath = parse.GetValue(experimentArgument)!;
            var experiment = CommonOptions.LoadExperiment(experimentPath, parse.GetValue(allowOutsideOption), context);
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var db = parse.GetValue(dbOption)!;
            var files = TuningWorkspace.Beside(db).WriteJobFiles(experiment, model, hp.Epochs ?? TuningHyperparameters.DefaultEpochs, catalog, !parse.GetValue(noValidationOption));
            var report = files.Report;
            foreach (var warning in report.Warnings)
            {
                context.Error.WriteLine($"warning: {warning}");
            }

            var json = parse.GetValue(formatOption) == "json";
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"training data: {report.Examples} examples, {report.TrainingTokens} tokens per epoch, in {files.TrainingFile}"));
            if (files.ValidationFile is { } validationFile)
            {
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validation data: {files.ValidationExamples} dev examples, in {validationFile}"));
            }

            context.Error.WriteLine(local
                ? "estimated cost: runs on this machine (no provider charge)"
                : report.TrainingCost is { } cost
                    ? string.Create(CultureInfo.InvariantCulture, $"estimated training cost: {report.TrainingTokens} tokens x {report.Epochs} epochs = ${cost:0.0000}")
                    : "estimated training cost: unknown (no fine-tuning price in the catalog)");

            var jobs = TuneJobOutput.Service(db, context, create: true);
            var request = new TuningRequest(experiment.File, model, hp, files.TrainingFile, endpoint, files.ValidationFile, parse.GetValue(backendOption));
            var started = await jobs.StartAsync(request, local ? new TrainingProgressLines(context) : null, ct);

            // A local job has trained by now (in this process): say it ended, not that it started.
            context.Error.WriteLine(started.Existing
                ? $"job {started.Job.Id} already exists for this data and these settings ({started.Job.Status.Name()}): nothing submitted"
                : local
                    ? $"job {started.Job.Id} trained in this process: {started.Job.Status.Name()}"
                    : $"started job {started.Job.Id}{(started.Job.ProviderJobId is { } pid ? $" (provider job {pid})" : string.Empty)}");
            return await TuneJobOutput.FinishAsync(jobs, started.Job, parse.GetValue(waitOption), parse.GetValue(pollOption), parse.GetValue(timeoutOption), json, context, ct);
        });

        return start;
    }
}
