using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.LocalModels;

namespace Crossover.Tuning.Data;

/// <summary>Writes training examples as JSON Lines in the ecosystem's formats (docs/training-data.md).</summary>
public static class TrainingWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    /// <summary>Writes one JSON object per example.</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="format">The format.</param>
    /// <param name="writer">Where the lines go.</param>
    public static void Write(IEnumerable<TrainingExample> examples, TrainingFormat format, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var example in examples)
        {
            writer.Write(ToJson(example, format).ToJsonString(JsonOptions));
            writer.Write('\n');
        }
    }

    /// <summary>Writes the examples to a temporary file beside <paramref name="path"/> and then moves it into place, so a failure leaves no partial file.</summary>
    /// <param name="path">The training file.</param>
    /// <param name="examples">The examples.</param>
    /// <param name="format">The format.</param>
    /// <exception cref="Core.Input.InputException">The file cannot be written.</exception>
    public static void WriteFile(string path, IEnumerable<TrainingExample> examples, TrainingFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        Core.Input.AtomicFile.WriteText(path, writer => Write(examples, format, writer));
    }

    private static JsonObject ToJson(TrainingExample e, TrainingFormat format) => format switch
    {
        TrainingFormat.OpenAiChat or TrainingFormat.HfChat => new JsonObject
        {
            ["messages"] = new JsonArray([.. e.Messages.Select(m => Message(m.Role, m.Content)), Message("assistant", e.Completion)]),
        },

        // LLaMA-Factory's alpaca loader joins instruction and input into the user turn and reads the system prompt from
        // its own column; the rendered input goes in whole as the instruction so the user turn is the one evaluated.
        TrainingFormat.Alpaca => new JsonObject
        {
            ["system"] = Single(e, "system"), ["instruction"] = Single(e, "user"), ["input"] = string.Empty, ["output"] = e.Completion,
        },
        TrainingFormat.ShareGpt => new JsonObject
        {
            ["conversations"] = new JsonArray([.. e.Messages.Select(m => Turn(ShareGptRole(m.Role), m.Content)), Turn("gpt", e.Completion)]),
        },
        TrainingFormat.Dpo => new JsonObject
        {
            ["prompt"] = new JsonArray([.. e.Messages.Select(m => Message(m.Role, m.Content))]),
            ["chosen"] = new JsonArray(Message("assistant", e.Completion)),
            ["rejected"] = new JsonArray(Message("assistant", Rejected(e))),
        },
        TrainingFormat.OpenAiDpo => new JsonObject
        {
            ["input"] = new JsonObject { ["messages"] = new JsonArray([.. e.Messages.Select(m => Message(m.Role, m.Content))]) },
            ["preferred_output"] = new JsonArray(Message("assistant", e.Completion)),
            ["non_preferred_output"] = new JsonArray(Message("assistant", Rejected(e))),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static string Rejected(TrainingExample e) => e.Rejected ?? throw new ArgumentException("a preference example needs a rejected answer", nameof(e));

    /// <summary>The content of the one message with <paramref name="role"/>: Alpaca has one column per turn.</summary>
    private static string Single(TrainingExample e, string role) =>
        e.Messages.SingleOrDefault(m => m.Role == role).Content ?? throw new ArgumentException($"an Alpaca example needs exactly one {role} message", nameof(e));

    private static string ShareGptRole(string role) => role switch
    {
        "user" => "human",
        "assistant" => "gpt",
        _ => role,
    };

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    private static JsonObject Turn(string from, string value) => new() { ["from"] = from, ["value"] = value };
}
