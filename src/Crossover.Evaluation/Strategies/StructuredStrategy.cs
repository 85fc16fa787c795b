using System.Text.Json;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Scoring;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Strategies;

/// <summary>
/// Answers as JSON: a JSON Schema response format where the provider has one, and the schema in the system message
/// always. Classification and generation answer <c>{"answer": "…"}</c>; extraction answers the task's own schema.
/// </summary>
internal sealed class StructuredStrategy : IPromptStrategy
{
    // {"answer":"…"} around the label: the envelope's tokens in o200k_base.
    private const int EnvelopeTokens = 6;

    public string Name => StrategyNames.Structured;

    public int DefaultShots => 0;

    public bool Reasons => false;

    public IPromptStrategy WithShots(int shots) => this;

    public string Instructions(TaskSpec task, string instructions, string? format)
    {
        var builder = StrategyText.Start(task, instructions);
        if (format is not null)
        {
            return StrategyText.WithFormat(builder, task, format, schema: true);
        }

        return builder.Append(StrategyText.JsonOnly).Append(StrategyText.AnswerSchema(task)).ToString();
    }

    public string DemonstrationAnswer(TaskSpec task, string expected) =>
        task.Kind == TaskKind.Extraction ? expected : JsonSerializer.Serialize(new Dictionary<string, string> { ["answer"] = expected });

    public IReadOnlyList<ChatMessage> Messages(string system, IReadOnlyList<Demonstration> demonstrations, string input) =>
        StrategyText.Turns(system, demonstrations, input);

    public ChatResponseFormat? ResponseFormat(TaskSpec task)
    {
        using var document = JsonDocument.Parse(StrategyText.AnswerSchema(task));
        return ChatResponseFormat.ForJsonSchema(document.RootElement.Clone(), "answer");
    }

    public ExtractedAnswer ExtractAnswer(TaskSpec task, string output)
    {
        var text = output.Trim();
        if (task.Kind == TaskKind.Extraction)
        {
            // The whole object is the answer; the extraction metrics parse and check it.
            return new(text, true, null);
        }

        try
        {
            using var document = JsonDocument.Parse(Scorer.StripFences(text));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("answer", out var value) && value.ValueKind == JsonValueKind.String)
            {
                return new(value.GetString(), true, null);
            }

            return new(text, false, "the JSON has no string 'answer' field");
        }
        catch (JsonException)
        {
            return new(text, false, "the output is not JSON");
        }
    }

    public int OutputTokenOverhead(TaskSpec task) => EnvelopeTokens;

    public IReadOnlyList<string?> FormatVariants(TaskSpec task) =>
        task.Kind is TaskKind.Classification or TaskKind.Extraction ? [null, StrategyText.StrictJson] : [null];
}
