using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crossover.Tuning;

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
            ["messages"] = new JsonArray(Message("system", e.System), Message("user", e.User), Message("assistant", e.Assistant)),
        },
        TrainingFormat.Alpaca => new JsonObject { ["instruction"] = e.System, ["input"] = e.User, ["output"] = e.Assistant },
        TrainingFormat.ShareGpt => new JsonObject
        {
            ["conversations"] = new JsonArray(Turn("system", e.System), Turn("human", e.User), Turn("gpt", e.Assistant)),
        },
        TrainingFormat.Dpo => new JsonObject
        {
            ["prompt"] = new JsonArray(Message("system", e.System), Message("user", e.User)),
            ["chosen"] = new JsonArray(Message("assistant", e.Assistant)),
            ["rejected"] = new JsonArray(Message("assistant", e.Rejected ?? throw new ArgumentException("a DPO example needs a rejected answer", nameof(e)))),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    private static JsonObject Turn(string from, string value) => new() { ["from"] = from, ["value"] = value };
}
