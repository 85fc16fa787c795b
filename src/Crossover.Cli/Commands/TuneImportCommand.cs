using System.CommandLine;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Tuning.Data;
using Crossover.Tuning.Jobs;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover tune import NAME --experiment FILE --base-url URL --model ID</c>: a model served elsewhere becomes a candidate.</summary>
internal static class TuneImportCommand
{
    public static Command Create(CliContext context)
    {
        var nameArgument = new Argument<string>("name") { Description = "The candidate's name." };
        var experimentOption = new Option<string>("--experiment") { Description = "The experiment file to add the candidate to.", Required = true };
        var baseUrlOption = new Option<string>("--base-url") { Description = "The OpenAI-compatible API root serving the model (e.g. a vLLM server with the adapter, http://host:8000/v1).", Required = true };
        var modelOption = new Option<string>("--model") { Description = "The model id the server serves (for vLLM, the LoRA module name).", Required = true };
        var keyEnvOption = new Option<string?>("--api-key-env") { Description = "The environment variable holding the server's key, when it needs one." };
        var checkOption = new Option<bool>("--check") { Description = "First ask the server (GET /models) that it serves the model id." };
        var import = new Command("import", "Register a model served by any OpenAI-compatible endpoint as a zero-shot candidate of an experiment.")
        {
            nameArgument, experimentOption, baseUrlOption, modelOption, keyEnvOption, checkOption,
        };
        import.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(nameArgument)!;
            var baseUrl = parse.GetValue(baseUrlOption)!;
            var model = parse.GetValue(modelOption)!;
            var keyEnv = parse.GetValue(keyEnvOption);
            if (!(Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                throw new InputException($"'{baseUrl}' is not an http(s) URL", field: "base-url", hint: "e.g. http://127.0.0.1:8000/v1");
            }

            if (parse.GetValue(checkOption))
            {
                using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
                var served = await TuningJobs.ServedModelsAsync(new FineTuningEndpoint("openai", baseUrl, keyEnv), http, context.Time, ct);
                if (!served.Contains(model, StringComparer.Ordinal))
                {
                    throw new InputException($"{baseUrl} does not serve '{model}'", field: "model", hint: served.Count == 0
                        ? "the server lists no models"
                        : "it serves: " + string.Join(", ", served.Take(10)));
                }
            }

            var experiment = parse.GetValue(experimentOption)!;
            var added = ExperimentCandidates.Append(experiment, name, new ModelSpec("openai", model, baseUrl, null, keyEnv, null, null, null), TrainingPrompt.Strategy);
            context.Out.WriteLine(added ? $"added candidate {name} ({model} at {baseUrl}) to {experiment}" : $"{experiment} already has candidate {name} with {model}: unchanged");
            return CrossoverCli.Ok;
        });
        return import;
    }
}
