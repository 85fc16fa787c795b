using System.Text;
using System.Text.RegularExpressions;

namespace Crossover.Evaluation.Prompts;

/// <summary>A <c>{{field}}</c> template; placeholders are checked against the dataset's fields before any call is made.</summary>
public sealed partial class Template
{
    private readonly string _text;

    // The placeholders' positions, found once: rendering runs once per call and should not re-run the regex.
    private readonly (int Index, int Length, string Field)[] _placeholders;

    /// <summary>Parses a template.</summary>
    /// <param name="text">The text with <c>{{field}}</c> placeholders.</param>
    public Template(string text)
    {
        _text = text;
        _placeholders = [.. Placeholder().Matches(text).Select(m => (m.Index, m.Length, m.Groups[1].Value))];
        Fields = [.. _placeholders.Select(p => p.Field).Distinct()];
    }

    /// <summary>The fields the placeholders name, each once, in order of first use.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>
    /// What is wrong with a template, or null: every <c>{{</c> must open a <c>{{field}}</c> placeholder and every
    /// <c>}}</c> close one, so an unclosed <c>{{text</c> is an error instead of being sent to the model literally.
    /// </summary>
    /// <param name="text">The template text.</param>
    /// <returns>The problem, or null when the template is well formed.</returns>
    public static string? Problem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = Placeholder().Replace(text, string.Empty);
        var open = rest.IndexOf("{{", StringComparison.Ordinal);
        var close = rest.IndexOf("}}", StringComparison.Ordinal);
        if (open < 0 && close < 0)
        {
            return null;
        }

        var at = open >= 0 && (close < 0 || open < close) ? open : close;
        var near = rest.Substring(at, Math.Min(20, rest.Length - at)).ReplaceLineEndings(" ");
        return open == at
            ? $"has a '{{{{' that does not open a {{{{field}}}} placeholder, near '{near}'"
            : $"has a '}}}}' that closes no {{{{field}}}} placeholder, near '{near}'";
    }

    /// <summary>The text with each placeholder replaced by its field's value (empty when the field is missing).</summary>
    /// <param name="values">The record's fields.</param>
    /// <returns>The rendered text.</returns>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var builder = new StringBuilder(_text.Length + 256);
        var last = 0;
        foreach (var (index, length, field) in _placeholders)
        {
            builder.Append(_text, last, index - last);
            builder.Append(values.TryGetValue(field, out var value) ? value : string.Empty);
            last = index + length;
        }

        builder.Append(_text, last, _text.Length - last);
        return builder.ToString();
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
