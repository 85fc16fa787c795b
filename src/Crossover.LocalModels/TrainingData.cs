using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Input;

namespace Crossover.LocalModels;

/// <summary>
/// One supervised example, the single training-example type of Crossover: the local trainer takes the loss on
/// <see cref="Completion"/> only, and the training-file writers put <see cref="Messages"/> before it.
/// </summary>
/// <param name="Messages">The conversation before the answer (a single user message for prompt/completion lines).</param>
/// <param name="Completion">The answer the model should learn (the chosen one of a preference pair).</param>
public sealed record TrainingExample(IReadOnlyList<(string Role, string Content)> Messages, string Completion)
{
    /// <summary>The 1-based line of the record in its source file (0 when unknown), for messages.</summary>
    public int Line { get; init; }

    /// <summary>The dispreferred answer of a preference pair (DPO); null for supervised examples.</summary>
    public string? Rejected { get; init; }

    /// <summary>Reads JSONL: <c>{"prompt": "...", "completion": "..."}</c> or OpenAI chat <c>{"messages": [...]}</c> lines, the last message being the assistant's answer.</summary>
    /// <param name="path">The JSONL file.</param>
    /// <returns>The examples, in file order.</returns>
    /// <exception cref="InputException">A line is not valid JSON or has neither shape.</exception>
    public static IReadOnlyList<TrainingExample> ReadJsonl(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("training data file not found", file: path);
        }

        var examples = new List<TrainingExample>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonObject row;
            try
            {
                row = JsonNode.Parse(line) as JsonObject ?? throw new InputException("a line must be a JSON object", file: path, line: lineNumber);
            }
            catch (JsonException ex)
            {
                throw new InputException($"not valid JSON: {ex.Message}", file: path, line: lineNumber);
            }

            if (row["messages"] is JsonArray messages)
            {
                var parsed = messages.Select((m, i) => (
                    Role: m?["role"]?.GetValue<string>() ?? throw new InputException("message without 'role'", file: path, line: lineNumber, field: $"messages[{i}].role"),
                    Content: m["content"]?.GetValue<string>() ?? throw new InputException("message without string 'content'", file: path, line: lineNumber, field: $"messages[{i}].content"))).ToList();
                if (parsed.Count < 2 || parsed[^1].Role != "assistant")
                {
                    throw new InputException("the last message must be the assistant's answer, after at least one other", file: path, line: lineNumber, field: "messages");
                }

                examples.Add(new TrainingExample(parsed[..^1], parsed[^1].Content) { Line = lineNumber });
            }
            else if (row["prompt"] is JsonValue prompt && row["completion"] is JsonValue completion)
            {
                examples.Add(new TrainingExample([("user", prompt.GetValue<string>())], completion.GetValue<string>()) { Line = lineNumber });
            }
            else
            {
                throw new InputException("expected {\"prompt\", \"completion\"} or {\"messages\": [...]}", file: path, line: lineNumber);
            }
        }

        if (examples.Count == 0)
        {
            throw new InputException("no training examples", file: path);
        }

        return examples;
    }
}
