using System.Globalization;
using System.Text;
using Crossover.Core.Input;
using Crossover.Evaluation.Data;

namespace Crossover.Evaluation.Experiments;

/// <summary>
/// What <c>crossover init experiment</c> proposes from a data file: its fields, the id, input and expected fields, the
/// task kind and, for classification, the labels found in the data; <see cref="ToYaml"/> writes it as a commented experiment.
/// </summary>
/// <param name="DataPath">The data file's full path.</param>
/// <param name="Records">Records read.</param>
/// <param name="Fields">Every field, in the first record's order.</param>
/// <param name="Id">The id field, when one is unique per record.</param>
/// <param name="Input">The field the prompt shows the model.</param>
/// <param name="Expected">The reference answer's field.</param>
/// <param name="Kind">Classification when the expected field takes a few repeated values, generation otherwise.</param>
/// <param name="Labels">The expected field's values, most frequent first (classification only).</param>
public sealed record ExperimentDraft(string DataPath, int Records, IReadOnlyList<string> Fields, string? Id, string Input, string Expected, TaskKind Kind, IReadOnlyList<string> Labels)
{
    private const int MaxLabels = 30;

    // Field names that usually hold the answer, the input, or an id, in order of preference.
    private static readonly string[] ExpectedNames = ["expected", "label", "labels", "answer", "output", "target", "category", "class", "queue", "intent", "completion", "response"];
    private static readonly string[] InputNames = ["input", "text", "prompt", "question", "query", "body", "message", "content", "ticket"];
    private static readonly string[] IdNames = ["id", "item_id", "uid", "key", "custom_id"];

    /// <summary>Reads a JSONL or CSV file and proposes the experiment's fields.</summary>
    /// <param name="dataPath">The data file.</param>
    /// <param name="expected">The expected field, when the user named it (otherwise proposed).</param>
    /// <param name="input">The input field, when the user named it (otherwise proposed).</param>
    /// <returns>The draft.</returns>
    /// <exception cref="InputException">The file is missing, malformed, empty, or lacks a named field.</exception>
    public static ExperimentDraft Detect(string dataPath, string? expected = null, string? input = null)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        var full = Path.GetFullPath(dataPath);
        if (!File.Exists(full))
        {
            throw new InputException("no data file here", full, hint: "give --data the JSONL or CSV file of labeled examples");
        }

        if (Path.GetExtension(full).ToLowerInvariant() is not (".jsonl" or ".csv"))
        {
            throw new InputException("the data is neither .jsonl nor .csv", full, hint: "convert it to JSON Lines (one object per line) or CSV with a header row");
        }

        var rows = DatasetReader.ReadRecords(full).Select(r => r.Fields).ToList();
        if (rows.Count == 0)
        {
            throw new InputException("the data file has no records", full, hint: "add one record per line");
        }

        var fields = rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToList();
        var values = fields.ToDictionary(f => f, f => rows.Select(r => r.GetValueOrDefault(f)).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList(), StringComparer.Ordinal);
        var id = Named(fields, IdNames, f => values[f].Count == rows.Count && values[f].Distinct(StringComparer.Ordinal).Count() == rows.Count);
        expected = Require(expected, fields, full, "--expected")
            ?? Named(fields, ExpectedNames, f => f != id)
            ?? fields.Where(f => f != id).OrderBy(f => values[f].Distinct(StringComparer.Ordinal).Count()).FirstOrDefault()
            ?? throw new InputException("the data needs at least two fields (an input and the expected answer)", full);
        input = Require(input, fields, full, "--input")
            ?? Named(fields, InputNames, f => f != id && f != expected)
            ?? fields.Where(f => f != id && f != expected).OrderByDescending(f => values[f].Sum(v => v.Length)).FirstOrDefault()
            ?? throw new InputException($"the data has no field besides '{expected}' to show the model", full, hint: "add the input text as another field");

        var distinct = values[expected].GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var classification = distinct.Count is > 1 and <= MaxLabels && distinct.Count * 2 <= values[expected].Count && distinct.All(g => g.Key.Length <= 60);
        return new ExperimentDraft(full, rows.Count, fields, id, input, expected, classification ? TaskKind.Classification : TaskKind.Generation,
            classification ? [.. distinct.Select(g => g.Key)] : []);
    }

    /// <summary>The experiment as commented YAML; the data path is written relative to <paramref name="experimentFolder"/>.</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="experimentFolder">The folder the experiment file goes to.</param>
    /// <param name="candidates">Candidate lines, each a YAML flow mapping such as <c>{ name: …, model: { … }, strategy: { … } }</c>, with a comment.</param>
    /// <returns>The YAML text.</returns>
    public string ToYaml(string name, string experimentFolder, IReadOnlyList<(string Yaml, string Comment)> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var data = Path.GetRelativePath(experimentFolder, DataPath).Replace('\\', '/');
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Written by 'crossover init experiment' from {Path.GetFileName(DataPath)} ({Records} records; fields: {string.Join(", ", Fields)}).");
        text.AppendLine("# Check the instructions and the proposed fields, then: crossover eval THIS-FILE --dry-run   (docs/experiment.md)");
        text.AppendLine(CultureInfo.InvariantCulture, $"name: {Scalar(name)}");
        text.AppendLine("dataset:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  path: {Scalar(data)}   # relative to this file");
        text.AppendLine(CultureInfo.InvariantCulture, $"  expected: {Scalar(Expected)}   # the reference answer");
        if (Id is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  id: {Scalar(Id)}");
        }

        text.AppendLine("  split: { train: 0.6, dev: 0.2, test: 0.2, seed: 7 }   # few-shot examples come from train; scores from test");
        text.AppendLine("task:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  kind: {Kind.ToString().ToLowerInvariant()}");
        var instructions = Kind == TaskKind.Classification
            ? $"Read the {Input} and answer with exactly one label."
            : $"Read the {Input} and write the {Expected}.";
        text.AppendLine(CultureInfo.InvariantCulture, $"  instructions: {Scalar(instructions)}   # say what a good answer is, as to a new colleague");
        text.AppendLine(CultureInfo.InvariantCulture, $"  input: {Scalar("{{" + Input + "}}")}   # any field of the data, as {{{{field}}}}");
        if (Kind == TaskKind.Classification)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  labels: [{string.Join(", ", Labels.Select(Scalar))}]   # every value of '{Expected}' in the data");
        }

        text.AppendLine("candidates:");
        foreach (var (yaml, comment) in candidates)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  # {comment}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  - {yaml}");
        }

        text.AppendLine(Kind == TaskKind.Classification ? "metrics: [accuracy, macro-f1, format-compliance]" : "metrics: [exact-match, token-f1, format-compliance]");
        text.AppendLine("concurrency: 8");
        return text.ToString();
    }

    /// <summary>A YAML scalar: plain when safe, double-quoted otherwise.</summary>
    public static string Scalar(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ' ')
            && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1]) && value[0] is not ('-' or '.')
            && !bool.TryParse(value, out _) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && value.ToLowerInvariant() is not ("null" or "yes" or "no" or "on" or "off" or "~");
        return plain ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static string? Named(IReadOnlyList<string> fields, string[] names, Func<string, bool> accept) =>
        names.Select(n => fields.FirstOrDefault(f => string.Equals(f, n, StringComparison.OrdinalIgnoreCase) && accept(f))).FirstOrDefault(f => f is not null);

    private static string? Require(string? field, IReadOnlyList<string> fields, string file, string option)
    {
        if (field is null || fields.Contains(field, StringComparer.Ordinal))
        {
            return field;
        }

        throw new InputException($"{option} '{field}' is not a field of the data", file, hint: "fields: " + string.Join(", ", fields));
    }
}
