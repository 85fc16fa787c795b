using System.Text;
using System.Text.RegularExpressions;

namespace Crossover.Evaluation.Prompts;

/// <summary>A <c>{{field}}</c> template; placeholders are checked against the dataset's fields before any call is made.</summary>
internal sealed partial class Template
{
    private readonly string _text;

    // The placeholders' positions, found once: rendering runs once per call and should not re-run the regex.
    private readonly (int Index, int Length, string Field)[] _placeholders;

    public Template(string text)
    {
        _text = text;
        _placeholders = [.. Placeholder().Matches(text).Select(m => (m.Index, m.Length, m.Groups[1].Value))];
        Fields = [.. _placeholders.Select(p => p.Field).Distinct()];
    }

    public IReadOnlyList<string> Fields { get; }

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
