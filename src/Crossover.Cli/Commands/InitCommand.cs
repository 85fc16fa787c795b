using System.CommandLine;
using System.Globalization;
using System.Text;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Core.Profiles;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Strategies;
using Spectre.Console;

namespace Crossover.Cli.Commands;

/// <summary>
/// <c>crossover init profile|experiment</c>: start a profile by answering its questions (prompts on a terminal, flags in
/// scripts), or an experiment from a data file. Both write commented YAML atomically and load it back before keeping it.
/// </summary>
internal static class InitCommand
{
    public static Command Create(CliContext context) => new("init", "Start a profile or an experiment file (prompts on a terminal; flags for scripts).")
    {
        Profile(context), Experiment(context),
    };

    /// <summary>The candidates for the endpoints found in the environment (keys are never read, only whether they are set), or the local engine.</summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="localModel">A local model folder given with --local, already relative to the experiment file.</param>
    /// <returns>YAML flow mappings with a comment each; never empty.</returns>
    internal static IReadOnlyList<(string Yaml, string Comment)> Candidates(Func<string, string?> environment, string? localModel)
    {
        var candidates = new List<(string, string)>();
        if (localModel is not null)
        {
            candidates.Add(($"{{ name: local-zero-shot, model: {{ provider: local, id: {ExperimentDraft.Scalar(localModel)} }}, strategy: {{ kind: {StrategyNames.ZeroShot} }} }}",
                "the in-process engine on the model folder from --local (relative to this file; docs/local-engine.md)"));
            candidates.Add(($"{{ name: local-4-shot, model: {{ provider: local, id: {ExperimentDraft.Scalar(localModel)} }}, strategy: {{ kind: {StrategyNames.FewShot}, shots: 4, select: similar }} }}",
                "the same model with four similar training examples in the prompt"));
        }

        var openAi = !string.IsNullOrEmpty(environment("OPENAI_API_KEY")) || !string.IsNullOrEmpty(environment("OPENAI_BASE_URL"));
        if (!string.IsNullOrEmpty(environment("ANTHROPIC_API_KEY")))
        {
            candidates.Add(($"{{ name: haiku-zero-shot, model: {{ provider: anthropic, id: claude-haiku-4-5, apiKeyEnv: ANTHROPIC_API_KEY }}, strategy: {{ kind: {StrategyNames.ZeroShot} }} }}",
                "ANTHROPIC_API_KEY is set"));
        }

        if (openAi || candidates.Count == 0)
        {
            var why = openAi ? "OPENAI_API_KEY or OPENAI_BASE_URL is set" : "no endpoint found in the environment: export OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server), or rerun with --local MODEL_FOLDER";
            candidates.Add(($"{{ name: mini-zero-shot, model: {{ provider: openai, id: gpt-4.1-mini, baseUrlEnv: OPENAI_BASE_URL }}, strategy: {{ kind: {StrategyNames.ZeroShot} }} }}", why));
            candidates.Add(($"{{ name: mini-8-shot, model: {{ provider: openai, id: gpt-4.1-mini, baseUrlEnv: OPENAI_BASE_URL }}, strategy: {{ kind: {StrategyNames.FewShot}, shots: 8, select: similar }} }}",
                "the same model with eight similar training examples in the prompt"));
        }

        return candidates;
    }

    /// <summary>The fine-tuning base model a new profile proposes: the profile default when the catalog says it takes new jobs, else the first catalog model that does.</summary>
    internal static string DefaultBaseModel(PriceCatalog catalog)
    {
        var fallback = new FineTunedDeployment().BaseModel;
        return catalog.FindModel(fallback)?.FineTuning is { AcceptsNewJobs: true }
            ? fallback
            : catalog.Models.FirstOrDefault(m => m.FineTuning is { AcceptsNewJobs: true })?.Id ?? fallback;
    }

    private static Command Profile(CliContext context)
    {
        var outOption = new Option<string>("--out") { Description = "The profile file to write.", DefaultValueFactory = _ => "profile.yaml" };
        var forceOption = new Option<bool>("--force") { Description = "Overwrite the file when it exists." };
        var nameOption = new Option<string?>("--name") { Description = "What the feature is called." };
        var stageOption = Choice("--stage", "prototype or production.", "prototype", "production");
        var taskOption = Choice("--task", "What the model does.", "classification", "extraction", "generation", "question-answering", "transformation", "reasoning");
        var requestsOption = new Option<long?>("--requests-per-month") { Description = "Requests a month now." };
        var growthOption = new Option<double?>("--monthly-growth") { Description = "Compound monthly growth, e.g. 0.05 for +5 %/month." };
        var examplesOption = new Option<int?>("--labeled-examples") { Description = "Labeled examples on hand." };
        var barOption = new Option<double?>("--quality-bar") { Description = "The quality the feature needs (0–1)." };
        var expertiseOption = Choice("--ml-expertise", "The team's ML expertise.", "none", "some", "strong");
        var promptedOption = new Option<string?>("--prompted-model") { Description = "Catalog id of the prompted model." };
        var baseOption = new Option<string?>("--base-model") { Description = "Catalog id of the fine-tuning base model." };
        var catalogOption = CommonOptions.Catalog();
        var command = new Command("profile", "Write a commented profile from a few answers (asked on a terminal, else the flags and defaults).")
        {
            outOption, forceOption, nameOption, stageOption, taskOption, requestsOption, growthOption, examplesOption, barOption, expertiseOption, promptedOption, baseOption, catalogOption,
        };
        command.SetAction(parse =>
        {
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var path = Path.GetFullPath(parse.GetValue(outOption)!);
            RefuseOverwrite(path, parse.GetValue(forceOption));
            var ask = new Asker(context);
            var name = ask.Text("What is the feature called?", parse.GetValue(nameOption), Path.GetFileNameWithoutExtension(path));
            var stage = ask.Choice("Stage?", parse.GetValue(stageOption), "production", "prototype", "production");
            var task = ask.Choice("What does the model do?", parse.GetValue(taskOption), "generation", "classification", "extraction", "generation", "question-answering", "transformation", "reasoning");
            var requests = ask.Number("Requests a month now?", parse.GetValue(requestsOption), 10_000L);
            var growth = ask.Number("Monthly growth (0.05 = +5 %/month)?", parse.GetValue(growthOption), 0.0);
            var examples = ask.Number("Labeled examples on hand?", parse.GetValue(examplesOption), 0);
            var bar = ask.Number("Quality the feature needs (0–1)?", parse.GetValue(barOption), 0.9);
            var expertise = ask.Choice("The team's ML expertise?", parse.GetValue(expertiseOption), "none", "none", "some", "strong");
            var prompted = ask.Text("Prompted model (catalog id)?", parse.GetValue(promptedOption), new PromptedDeployment().Model);
            var baseModel = ask.Text("Fine-tuning base model (catalog id)?", parse.GetValue(baseOption), DefaultBaseModel(catalog));
            foreach (var (id, flag) in new[] { (prompted, "--prompted-model"), (baseModel, "--base-model") })
            {
                if (catalog.FindModel(id) is null)
                {
                    throw new InputException($"{flag}: '{id}' is not in the catalog", hint: CatalogCommand.Suggestion(catalog, id));
                }
            }

            var yaml = ProfileYaml(name, stage, task, requests, growth, examples, bar, expertise, prompted, baseModel);
            WriteValidated(path, yaml, file => ProfileReader.Load(file));
            context.Error.WriteLine($"init: wrote {path}; next: crossover decide {Shell(path)}");
            return CrossoverCli.Ok;
        });
        return command;
    }

    private static Command Experiment(CliContext context)
    {
        var dataOption = new Option<string>("--data") { Description = "The labeled data: JSON Lines or CSV with a header.", Required = true };
        var outOption = new Option<string>("--out") { Description = "The experiment file to write.", DefaultValueFactory = _ => "experiment.yaml" };
        var forceOption = new Option<bool>("--force") { Description = "Overwrite the file when it exists." };
        var nameOption = new Option<string?>("--name") { Description = "The experiment's name (default: the data file's name)." };
        var expectedOption = new Option<string?>("--expected") { Description = "The field holding the reference answer (proposed from the data when omitted)." };
        var inputOption = new Option<string?>("--input") { Description = "The field shown to the model (proposed from the data when omitted)." };
        var localOption = new Option<string?>("--local") { Description = "A local Hugging Face model folder to add as candidates (the in-process engine)." };
        var command = new Command("experiment", "Write an experiment from a data file: fields, expected field and labels detected; candidates for the endpoints in the environment.")
        {
            dataOption, outOption, forceOption, nameOption, expectedOption, inputOption, localOption,
        };
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(outOption)!);
            RefuseOverwrite(path, parse.GetValue(forceOption));
            var draft = ExperimentDraft.Detect(parse.GetValue(dataOption)!, parse.GetValue(expectedOption), parse.GetValue(inputOption));
            var folder = Path.GetDirectoryName(path)!;
            var local = parse.GetValue(localOption) is { } model ? Path.GetRelativePath(folder, Path.GetFullPath(model)).Replace('\\', '/') : null;
            var name = parse.GetValue(nameOption) ?? Path.GetFileNameWithoutExtension(draft.DataPath);
            var yaml = draft.ToYaml(name, folder, Candidates(Environment.GetEnvironmentVariable, local));
            // The user named the data file, so it is trusted here; eval still asks for --allow-outside-files when it lies outside the experiment's folder.
            var dataOutside = !Path.GetFullPath(draft.DataPath).StartsWith(Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            WriteValidated(path, yaml, file => ExperimentReader.Load(file, allowOutsideFiles: dataOutside));
            var labels = draft.Kind == Evaluation.Experiments.TaskKind.Classification ? $", labels {string.Join(", ", draft.Labels)}" : string.Empty;
            context.Error.WriteLine($"init: {draft.Records} records; input '{draft.Input}', expected '{draft.Expected}' ({draft.Kind.ToString().ToLowerInvariant()}{labels})");
            context.Error.WriteLine(dataOutside
                ? $"init: wrote {path}; the data lies outside its folder, so: crossover eval {Shell(path)} --dry-run --allow-outside-files (or move the data next to it)"
                : $"init: wrote {path}; next: crossover eval {Shell(path)} --dry-run");
            return CrossoverCli.Ok;
        });
        return command;
    }

    private static string ProfileYaml(string name, string stage, string task, long requests, double growth, int examples, double bar, string expertise, string prompted, string baseModel)
    {
        static string N(double value) => value.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine("# Written by 'crossover init profile'. Every field, its default and its effect: docs/profile.md.");
        text.AppendLine("# A number can be a range for the sensitivity analysis, e.g. requestsPerMonth: { low: 5000, mode: 10000, high: 40000 }.");
        text.AppendLine(CultureInfo.InvariantCulture, $"name: {ExperimentDraft.Scalar(name)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"stage: {stage}                 # prototype gates the answer to prompt engineering");
        text.AppendLine(CultureInfo.InvariantCulture, $"task: {task}");
        text.AppendLine("domain: general                # general / moderate / specialized");
        text.AppendLine("behaviorChanges: quarterly     # how often the wanted behaviour changes: rarely … daily");
        text.AppendLine("knowledgeChanges: rarely       # monthly or more often advises retrieval");
        text.AppendLine("traffic:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  requestsPerMonth: {requests}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  monthlyGrowth: {N(growth)}        # 0.05 = +5 %/month");
        text.AppendLine("  horizonMonths: 12");
        text.AppendLine("data:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  labeledExamples: {examples}");
        text.AppendLine("  costPerLabelUsd: 1            # what one more labeled example costs");
        text.AppendLine(CultureInfo.InvariantCulture, $"team: {{ mlExpertise: {expertise} }}   # none / some / strong");
        text.AppendLine("quality:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  bar: {N(bar)}                     # the quality the feature needs (task metric, 0–1)");
        text.AppendLine("prompted:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  model: {ExperimentDraft.Scalar(prompted)}   # catalog id: crossover catalog list");
        text.AppendLine("  systemPromptTokens: 500");
        text.AppendLine("  inputTokens: 300             # per request: input and retrieved context");
        text.AppendLine("  outputTokens: 200");
        text.AppendLine("fineTuned:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  baseModel: {ExperimentDraft.Scalar(baseModel)}   # a catalog model that takes new fine-tuning jobs");
        text.AppendLine("  trainingExamples: 1000");
        text.AppendLine("  tokensPerExample: 500");
        return text.ToString();
    }

    /// <summary>Writes a temporary file next to <paramref name="path"/>, loads it with <paramref name="validate"/>, then renames it into place.</summary>
    private static void WriteValidated(string path, string text, Action<string> validate)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text, new UTF8Encoding(false));
            validate(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void RefuseOverwrite(string path, bool force)
    {
        if (File.Exists(path) && !force)
        {
            throw new InputException("the file exists", path, hint: "choose another --out, or pass --force to overwrite it");
        }
    }

    private static string Shell(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
        return shown.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? "'" + shown.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : shown;
    }

    private static Option<string?> Choice(string name, string description, params string[] choices)
    {
        var option = new Option<string?>(name) { Description = description + " One of: " + string.Join(", ", choices) + "." };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    /// <summary>Asks on a terminal what the flags did not give; otherwise takes the flag or the default, silently.</summary>
    private sealed class Asker(CliContext context)
    {
        private readonly bool _interactive = context.Console.Profile.Capabilities.Interactive && !System.Console.IsInputRedirected;

        public string Text(string question, string? given, string fallback) =>
            given ?? (_interactive ? context.Console.Prompt(new TextPrompt<string>(question).DefaultValue(fallback)) : fallback);

        public T Number<T>(string question, T? given, T fallback)
            where T : struct =>
            given ?? (_interactive ? context.Console.Prompt(new TextPrompt<T>(question).DefaultValue(fallback)) : fallback);

        public string Choice(string question, string? given, string fallback, params string[] choices)
        {
            if (given is not null || !_interactive)
            {
                return given ?? fallback;
            }

            return context.Console.Prompt(new SelectionPrompt<string>().Title(question).AddChoices(choices.OrderBy(c => c == fallback ? 0 : 1)));
        }
    }
}
