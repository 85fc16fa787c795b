using System.Text.Json;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Metrics;
using Crossover.Evaluation.Prompts;
using Crossover.Evaluation.Strategies;

namespace Crossover.Evaluation.Scoring;

/// <summary>
/// Scores one output against its reference. Never throws on a bad response: a malformed output scores 0 and
/// carries a diagnostic, like the evaluators in Microsoft.Extensions.AI.Evaluation.
/// </summary>
public sealed class Scorer
{
    private readonly TaskSpec _task;
    private readonly IPromptStrategy _strategy;
    private readonly IReadOnlyList<IMetric> _scored;
    private readonly JsonElement? _schema;

    // Labels with their normalized form, computed once rather than on every scored output.
    private readonly (string Label, string Normalized)[] _labels;

    /// <summary>Creates a scorer for one candidate of an experiment.</summary>
    /// <param name="task">The task.</param>
    /// <param name="strategy">The candidate's prompt strategy, which says where the answer is in the output.</param>
    /// <param name="metrics">The experiment's metrics: a metric that is not always scored is stored only when listed here.</param>
    /// <param name="registry">The metrics that exist (default: the built-in ones).</param>
    public Scorer(TaskSpec task, IPromptStrategy strategy, IReadOnlyList<string> metrics, MetricRegistry? registry = null)
    {
        _task = task;
        _strategy = strategy;
        _scored = [.. (registry ?? MetricRegistry.Default).Metrics.Where(m => m.TaskKinds.Contains(task.Kind) && (m.AlwaysScored || metrics.Contains(m.Name)))];
        _labels = [.. task.Labels.Select(l => (l, TextNormalizer.Normalize(l)))];
        if (task.OutputSchema is not null)
        {
            using var document = JsonDocument.Parse(task.OutputSchema);
            _schema = document.RootElement.Clone();
        }
    }

    /// <summary>Scores one output: reads its answer, checks its format and computes every scored metric.</summary>
    /// <param name="output">The model's whole output.</param>
    /// <param name="expected">The reference answer.</param>
    /// <returns>The parsed answer, compliance, scores and diagnostic.</returns>
    public ScoreResult Score(string output, string expected)
    {
        var (answer, compliant, diagnostic) = ExtractAnswer(output);
        string? parsed = answer;
        FieldMatch? fields = null;
        switch (_task.Kind)
        {
            case TaskKind.Classification:
                parsed = answer is null ? null : ParseLabel(answer);
                compliant &= parsed is not null && IsExactlyOneLabel(answer!);
                diagnostic ??= compliant ? null : parsed is null ? "no label found in the output" : "the output is not exactly one label";
                break;
            case TaskKind.Extraction:
                fields = MatchFields(answer, expected, ref compliant, ref diagnostic);
                break;
            default:
                compliant &= !string.IsNullOrWhiteSpace(answer);
                diagnostic ??= compliant ? null : "empty output";
                break;
        }

        var input = new MetricInput(_task, output, answer ?? string.Empty, parsed, expected, compliant) { Fields = fields };
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in _scored)
        {
            if (metric.Score(input) is { } score)
            {
                scores[metric.Name] = score;
            }
        }

        return new ScoreResult(parsed, compliant, scores, diagnostic);
    }

    private bool IsExactlyOneLabel(string answer)
    {
        var normalized = TextNormalizer.Normalize(answer);
        return _labels.Any(l => l.Normalized == normalized);
    }

    /// <summary>Reads the answer part of the output as the candidate's strategy shapes it (<see cref="IPromptStrategy.ExtractAnswer"/>).</summary>
    internal ExtractedAnswer ExtractAnswer(string output) => _strategy.ExtractAnswer(_task, output);

    /// <summary>Reads a label from free text: an exact (normalized) label, or the only label the text mentions.</summary>
    /// <param name="text">The answer text.</param>
    /// <returns>The task's label, or null when none or several are named.</returns>
    public string? ParseLabel(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        foreach (var (label, form) in _labels)
        {
            if (form == normalized)
            {
                return label;
            }
        }

        var padded = $" {normalized} ";
        var mentioned = _labels.Where(l => padded.Contains($" {l.Normalized} ", StringComparison.Ordinal)).ToList();
        return mentioned.Count == 1 ? mentioned[0].Label : null;
    }

    /// <summary>Reads an extraction answer as JSON, validates it against the schema and compares its fields with the reference's.</summary>
    private FieldMatch MatchFields(string? answer, string expected, ref bool compliant, ref string? diagnostic)
    {
        JsonElement? predicted = null;
        try
        {
            using var document = JsonDocument.Parse(StripFences(answer ?? string.Empty));
            predicted = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            compliant = false;
            diagnostic ??= "the output is not JSON";
        }

        var schemaErrors = predicted is null ? null : JsonSchemaCheck.Validate(_schema!.Value, predicted.Value);
        if (schemaErrors is not null)
        {
            compliant = false;
            diagnostic ??= schemaErrors;
        }

        var truth = FieldSet(expected);
        var guess = predicted is null ? [] : Flatten(predicted.Value);
        var matches = guess.Count(truth.Contains);
        var precision = guess.Count == 0 ? 0 : matches / (double)guess.Count;
        var recall = truth.Count == 0 ? (guess.Count == 0 ? 1 : 0) : matches / (double)truth.Count;
        return new FieldMatch(predicted is not null && schemaErrors is null, precision, recall);
    }

    private static HashSet<string> FieldSet(string expected)
    {
        try
        {
            using var document = JsonDocument.Parse(expected);
            return Flatten(document.RootElement);
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Flattens JSON to "path=value" pairs with normalized scalar values, so field matching ignores order, case and spacing.</summary>
    private static HashSet<string> Flatten(JsonElement element)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        Walk(element, "$", result);
        return result;

        static void Walk(JsonElement node, string path, HashSet<string> into)
        {
            switch (node.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in node.EnumerateObject())
                    {
                        Walk(property.Value, $"{path}.{property.Name}", into);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var child in node.EnumerateArray())
                    {
                        Walk(child, path + "[]", into);
                    }

                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    var value = node.ValueKind == JsonValueKind.String ? node.GetString()! : node.GetRawText();
                    into.Add($"{path}={TextNormalizer.Normalize(value)}");
                    break;
            }
        }
    }

    /// <summary>The text inside a Markdown code fence, or the trimmed text when there is none.</summary>
    /// <param name="text">An answer that may be fenced.</param>
    /// <returns>The inner text.</returns>
    public static string StripFences(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstLine = trimmed.IndexOf('\n');
        var close = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine < 0 || close <= firstLine ? trimmed : trimmed[(firstLine + 1)..close].Trim();
    }
}
