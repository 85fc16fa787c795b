using System.Text;
using System.Text.Json;
using Crossover.Core.Input;

namespace Crossover.Evaluation.Experiments;

/// <summary>
/// A prompt kept in its own YAML file beside the experiment — instructions, output-format wording and the train items
/// shown as demonstrations — so an optimized prompt is a candidate like any other (<c>strategy: { prompt: FILE }</c>).
/// </summary>
/// <param name="Instructions">The system instructions that replace the task's.</param>
/// <param name="Format">The output-format sentence that replaces the strategy's default, or null to keep it.</param>
/// <param name="Demonstrations">Train item ids shown as demonstrations, in order (empty: zero-shot).</param>
public sealed record PromptFile(string Instructions, string? Format, IReadOnlyList<string> Demonstrations)
{
    /// <summary>Reads a prompt file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The prompt.</returns>
    /// <exception cref="InputException">The file is missing or malformed.</exception>
    public static PromptFile Load(string path)
    {
        var map = YamlMap.Load(path);
        var instructions = map.RequiredString("instructions", "the system instructions, as text");
        var format = map.String("format");
        var demonstrations = map.StringList("demonstrations");
        map.EnsureNoUnknownKeys();
        return new PromptFile(instructions, format, demonstrations);
    }

    /// <summary>The file's text: a comment naming where it came from, then the fields as YAML (JSON strings are YAML scalars).</summary>
    /// <param name="comment">One line saying who wrote the file and from what.</param>
    /// <returns>The YAML text.</returns>
    public string ToYaml(string comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var text = new StringBuilder();
        text.Append("# ").Append(comment.ReplaceLineEndings(" ")).Append('\n');
        text.Append("instructions: ").Append(JsonSerializer.Serialize(Instructions)).Append('\n');
        if (Format is not null)
        {
            text.Append("format: ").Append(JsonSerializer.Serialize(Format)).Append('\n');
        }

        text.Append("demonstrations: [").Append(string.Join(", ", Demonstrations.Select(d => JsonSerializer.Serialize(d)))).Append("]\n");
        return text.ToString();
    }
}
