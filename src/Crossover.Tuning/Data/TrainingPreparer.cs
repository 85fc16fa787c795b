using System.Globalization;
using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Prompts;
using Crossover.Evaluation.Tokens;
using Crossover.LocalModels;
using Crossover.Routing;

namespace Crossover.Tuning.Data;

/// <summary>Builds training examples from an experiment's train split and validates them before anything is spent (docs/training-data.md).</summary>
public static class TrainingPreparer
{
    /// <summary>OpenAI's fine-tuning API rejects files with fewer examples than this.</summary>
    public const int MinimumExamples = 10;

    /// <summary>A label this many times rarer than the commonest one gets a warning.</summary>
    public const double ImbalanceRatio = 10;

    /// <summary>Tokens the chat format adds per message and per reply, as in OpenAI's cookbook token-counting recipe.</summary>
    private const int TokensPerMessage = 3;

    private const int TokensPerReply = 3;

    /// <summary>Reads the experiment's train split, builds one example per record and validates the set.</summary>
    /// <param name="experiment">The experiment (its dataset, split, task and candidates).</param>
    /// <param name="options">Format, model, epochs and preference fields.</param>
    /// <param name="catalog">Prices and context limits.</param>
    /// <returns>The examples and their report.</returns>
    /// <exception cref="InputException">A record or the set fails a check; the message names the file and line.</exception>
    public static PreparedTrainingSet Prepare(Experiment experiment, PrepareOptions options, PriceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        var spec = experiment.Dataset;

        // Read once as configured so bad or repeated ids fail as they do in eval, then again keyed by line number so
        // every message can name the line; the split only depends on record order, so both reads split identically.
        _ = DatasetReader.Read(spec);
        var items = DatasetReader.Read(spec with { Id = null });
        var split = DataSplit.Create(items, spec.Split, experiment.Task.Kind == TaskKind.Classification);
        if (split.Train.Count == 0)
        {
            throw new InputException("the train split is empty", experiment.File, field: "dataset.split.train", hint: "give split.train a share above 0");
        }

        var template = new Template(experiment.Task.Input);
        var prompt = TrainingPrompt.For(experiment.Task);
        var train = split.Train.OrderBy(LineOf).ToList();
        var examples = train.Select(item => Build(item, experiment, template, prompt, options)).ToList();

        var model = options.Model ?? experiment.Candidates[0].Model.PriceAs ?? experiment.Candidates[0].Model.Id;
        var price = catalog.FindModel(model);
        var counter = TokenCounter.ForModel(model);
        var tokens = examples.Select(e => Count(counter, e)).ToList();

        CheckAnswers(examples, experiment);
        CheckLength(examples, tokens, price, model, spec.Path);
        CheckLeakage(examples, [.. split.Dev, .. split.Test], template, spec.Path);
        CheckDuplicates(examples, spec.Path);
        var labels = CountLabels(examples, experiment);
        if (examples.Count < MinimumExamples)
        {
            throw new InputException($"the train split has {examples.Count} examples; fine-tuning needs at least {MinimumExamples}", experiment.File, field: "dataset.split.train", hint: "add data or give split.train a larger share");
        }

        var warnings = new List<string>();
        if (labels.Count > 0 && labels.Values.Max() >= ImbalanceRatio * labels.Values.Min())
        {
            var rare = labels.MinBy(l => l.Value);
            warnings.Add($"label '{rare.Key}' has {rare.Value} of {examples.Count} examples, under 1/{ImbalanceRatio:0} of the commonest label: the tuned model will rarely predict it");
        }

        var prompts = examples.Select(e => Prompt(counter, e)).ToList();
        var answers = examples.Select(e => counter.Count(e.Completion)).ToList();
        var trainingTokens = tokens.Sum(t => (long)t);
        double? trainingCost = null, callCost = null;
        if (price is null)
        {
            warnings.Add($"'{model}' is not in the catalog: no context-limit check and no cost estimate (add it with --catalog FILE)");
        }
        else if (price.FineTuning is not { } ft)
        {
            warnings.Add($"the catalog has no fine-tuning price for '{model}': no cost estimate");
        }
        else
        {
            trainingCost = trainingTokens * options.Epochs * ft.Training / 1e6;
            callCost = (prompts.Average() * ft.Input + answers.Average() * ft.Output) / 1e6;
            if (!ft.AcceptsNewJobs)
            {
                warnings.Add($"'{model}' no longer accepts new fine-tuning jobs: {ft.Availability ?? "see the provider"}");
            }
        }

        var report = new TrainingSetReport(
            model, counter.Encoding, examples.Count, trainingTokens, tokens.Min(), tokens.Max(),
            prompts.Average(), answers.Average(), price?.ContextTokens, labels, options.Epochs, trainingCost, callCost, warnings);
        return new PreparedTrainingSet(examples, report);
    }

    /// <summary>The dev split as chat examples, in dataset order: a trainer's validation set (empty when the split has no dev share).</summary>
    /// <param name="experiment">The experiment.</param>
    /// <returns>The examples.</returns>
    /// <exception cref="InputException">A dev record lacks a template field or has an empty input.</exception>
    public static IReadOnlyList<TrainingExample> DevExamples(Experiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var items = DatasetReader.Read(experiment.Dataset with { Id = null });
        var split = DataSplit.Create(items, experiment.Dataset.Split, experiment.Task.Kind == TaskKind.Classification);
        var template = new Template(experiment.Task.Input);
        var prompt = TrainingPrompt.For(experiment.Task);
        var options = new PrepareOptions(TrainingFormat.HfChat);
        return [.. split.Dev.OrderBy(LineOf).Select(item => Build(item, experiment, template, prompt, options))];
    }

    private static int LineOf(DataItem item) => int.Parse(item.Id, CultureInfo.InvariantCulture);

    private static TrainingExample Build(DataItem item, Experiment experiment, Template template, TrainingPrompt prompt, PrepareOptions options)
    {
        var path = experiment.Dataset.Path;
        var line = LineOf(item);
        foreach (var field in template.Fields)
        {
            if (!item.Fields.ContainsKey(field))
            {
                throw new InputException($"the record has no '{field}' field, which task.input uses", path, line, field, "every record needs each {{field}} of task.input");
            }
        }

        if (template.Fields.All(f => string.IsNullOrWhiteSpace(item.Fields[f])))
        {
            throw new InputException("the input is empty: the user message would carry only the template's fixed text", path, line, string.Join(", ", template.Fields), "drop the record or fill its input");
        }

        if (!TrainingFormats.IsPreference(options.Format))
        {
            return prompt.Example(line, item.Fields, item.Expected);
        }

        var chosen = Preference(item, options.ChosenField, "--chosen", path, line, "the preferred answer");
        var rejected = Preference(item, options.RejectedField, "--rejected", path, line, "the dispreferred answer");
        if (string.Equals(chosen.Trim(), rejected.Trim(), StringComparison.Ordinal))
        {
            throw new InputException($"'{options.ChosenField}' and '{options.RejectedField}' are the same answer", path, line, options.RejectedField, "a preference pair needs two different answers");
        }

        return prompt.Example(line, item.Fields, chosen, rejected);
    }

    private static string Preference(DataItem item, string field, string option, string path, int line, string what)
    {
        if (!item.Fields.TryGetValue(field, out var value))
        {
            throw new InputException($"the record has no '{field}' field ({what}), which --format dpo needs", path, line, field, $"add '{field}' to every record, or name another field with {option}");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InputException($"'{field}' ({what}) is empty", path, line, field, "every preference pair needs two non-empty answers");
        }

        return value;
    }

    private static void CheckAnswers(List<TrainingExample> examples, Experiment experiment)
    {
        var task = experiment.Task;
        foreach (var example in examples)
        {
            DatasetReader.CheckLabel(experiment.Dataset, example.Completion, example.Line);

            if (task.Kind == TaskKind.Extraction && !IsJsonObject(example.Completion))
            {
                throw new InputException("the answer is not a JSON object, which an extraction task trains the model to return", experiment.Dataset.Path, example.Line, experiment.Dataset.Expected, "write the expected fields as one JSON object");
            }
        }
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void CheckLength(List<TrainingExample> examples, List<int> tokens, ModelPrice? price, string model, string path)
    {
        if (price?.ContextTokens is not { } context)
        {
            return;
        }

        for (var i = 0; i < examples.Count; i++)
        {
            if (tokens[i] > context)
            {
                throw new InputException($"the example has {tokens[i]} tokens, over the {context}-token context of '{model}'", path, examples[i].Line, hint: "shorten or drop it; training truncates or rejects over-long examples");
            }
        }
    }

    private static void CheckDuplicates(List<TrainingExample> examples, string path)
    {
        var exact = new Dictionary<string, int>(StringComparer.Ordinal);
        var byInput = new Dictionary<string, TrainingExample>(StringComparer.Ordinal);
        foreach (var example in examples)
        {
            if (!exact.TryAdd(Input(example) + "\u0000" + example.Completion, example.Line))
            {
                throw new InputException($"exact duplicate of line {exact[Input(example) + "\u0000" + example.Completion]}", path, example.Line, hint: "drop the repeat; duplicates over-weight one example");
            }

            var input = AnswerText.Normalize(Input(example));
            if (byInput.TryGetValue(input, out var first))
            {
                throw AnswerText.Normalize(first.Completion) == AnswerText.Normalize(example.Completion)
                    ? new InputException($"near duplicate of line {first.Line} (same text ignoring case, punctuation and spacing)", path, example.Line, hint: "drop the repeat; duplicates over-weight one example")
                    : new InputException($"same input as line {first.Line} but a different answer", path, example.Line, hint: "fix the label of one of them; contradictory examples teach noise");
            }

            byInput[input] = example;
        }
    }

    private static void CheckLeakage(List<TrainingExample> examples, List<DataItem> heldOut, Template template, string path)
    {
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in heldOut)
        {
            held.TryAdd(AnswerText.Normalize(template.Render(item.Fields)), LineOf(item));
        }

        foreach (var example in examples)
        {
            if (held.TryGetValue(AnswerText.Normalize(Input(example)), out var line))
            {
                throw new InputException($"the input also appears at line {line}, which is in the dev/test split: the tuned model would be scored on data it was trained on", path, example.Line, hint: "remove one of the two records");
            }
        }
    }

    private static Dictionary<string, int> CountLabels(List<TrainingExample> examples, Experiment experiment)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (experiment.Task.Kind != TaskKind.Classification)
        {
            return counts;
        }

        foreach (var label in experiment.Task.Labels)
        {
            counts[label] = examples.Count(e => string.Equals(e.Completion.Trim(), label, StringComparison.OrdinalIgnoreCase));
        }

        var missing = counts.FirstOrDefault(c => c.Value == 0);
        if (missing.Key is not null)
        {
            throw new InputException($"label '{missing.Key}' has no training examples", experiment.Dataset.Path, hint: "add examples of every label, or drop it from task.labels");
        }

        return counts;
    }

    /// <summary>The rendered input: the user message the duplicate and leakage checks compare.</summary>
    private static string Input(TrainingExample example) => example.Messages[^1].Content;

    private static int Prompt(TokenCounter counter, TrainingExample example) =>
        example.Messages.Sum(m => counter.Count(m.Content) + TokensPerMessage) + TokensPerReply;

    private static int Count(TokenCounter counter, TrainingExample example)
    {
        var total = Prompt(counter, example) + counter.Count(example.Completion) + TokensPerMessage;
        if (example.Rejected is not null)
        {
            total += counter.Count(example.Rejected) + TokensPerMessage;
        }

        return total;
    }
}
