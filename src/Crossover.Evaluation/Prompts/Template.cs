using System.Text;
using System.Text.RegularExpressions;

namespace Crossover.Evaluation.Prompts;

/// <summary>A <c>{{field}}</c> template; placeholders are checked against the dataset's fields before any call is made.</summary>
internal sealed partial class Template
{
    private readonly string _text;

    public Template(string text)
    {
        _text = text;
        Fields = [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct()];
    }

    public IReadOnlyList<string> Fields { get; }

    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var builder = new StringBuilder(_text.Length + 256);
        var last = 0;
        foreach (Match match in Placeholder().Matches(_text))
        {
            builder.Append(_text, last, match.Index - last);
            builder.Append(values.TryGetValue(match.Groups[1].Value, out var value) ? value : string.Empty);
            last = match.Index + match.Length;
        }

        builder.Append(_text, last, _text.Length - last);
        return builder.ToString();
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
