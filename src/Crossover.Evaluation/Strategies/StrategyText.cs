using System.Text;
using System.Text.Json;
using Crossover.Evaluation.Experiments;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Strategies;

/// <summary>The wording and message shape the built-in strategies share, written once.</summary>
internal static class StrategyText
{
    /// <summary>The sentence before a JSON Schema in the system message.</summary>
    public const string JsonOnly = "\nRespond with JSON only, matching this JSON Schema:\n";

    /// <summary>The optimizer's stricter wording for a label answer.</summary>
    public const string StrictLabel = "Reply with the label only, spelled exactly as listed, and nothing else.";

    /// <summary>The optimizer's stricter wording for a JSON answer (the schema follows it).</summary>
    public const string StrictJson = "Respond with one JSON object only — no prose, no code fences — matching this JSON Schema:";

    /// <summary>The instructions, trimmed, then for classification the label list every strategy keeps (the scorer's contract with the model).</summary>
    public static StringBuilder Start(TaskSpec task, string instructions)
    {
        var builder = new StringBuilder(instructions.Trim());
        if (task.Kind == TaskKind.Classification)
        {
            builder.Append("\nAnswer with exactly one of: ").Append(string.Join(", ", task.Labels)).Append('.');
        }

        return builder;
    }

    /// <summary>
    /// A prompt file's wording in place of the strategy's format sentence; the label list and schema stay, so the
    /// scorer's contract with the model does not change.
    /// </summary>
    public static string WithFormat(StringBuilder builder, TaskSpec task, string format, bool schema)
    {
        builder.Append(task.Kind == TaskKind.Classification ? " " : "\n").Append(format.Trim());
        if (schema || task.Kind == TaskKind.Extraction)
        {
            builder.Append('\n').Append(AnswerSchema(task));
        }

        return builder.ToString();
    }

    /// <summary>System, then each demonstration as a user and an assistant turn, then the input as the last user turn.</summary>
    public static IReadOnlyList<ChatMessage> Turns(string system, IReadOnlyList<Demonstration> demonstrations, string input)
    {
        var messages = new List<ChatMessage>((demonstrations.Count * 2) + 2) { new(ChatRole.System, system) };
        foreach (var demonstration in demonstrations)
        {
            messages.Add(new ChatMessage(ChatRole.User, demonstration.Input));
            messages.Add(new ChatMessage(ChatRole.Assistant, demonstration.Answer));
        }

        messages.Add(new ChatMessage(ChatRole.User, input));
        return messages;
    }

    /// <summary>
    /// The JSON Schema of a JSON answer: the task's output schema for extraction, otherwise an object whose
    /// <c>answer</c> is one of the labels (classification) or any string.
    /// </summary>
    public static string AnswerSchema(TaskSpec task)
    {
        if (task.Kind == TaskKind.Extraction)
        {
            return task.OutputSchema!;
        }

        var answer = task.Kind == TaskKind.Classification
            ? new Dictionary<string, object> { ["type"] = "string", ["enum"] = task.Labels }
            : new Dictionary<string, object> { ["type"] = "string" };
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object> { ["answer"] = answer },
            ["required"] = new[] { "answer" },
            ["additionalProperties"] = false,
        });
    }
}
