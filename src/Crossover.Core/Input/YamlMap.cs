using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Crossover.Core.Input;

/// <summary>
/// A strict, line-aware reader over one YAML (or JSON) mapping. Readers ask for each key they know with a
/// typed getter; <see cref="EnsureNoUnknownKeys"/> then rejects every key nobody asked for, suggesting the
/// closest known one. Every error is an <see cref="InputException"/> naming the file, line and dotted field.
/// </summary>
/// <remarks>
/// YamlDotNet's object deserializer loses line numbers and accepts unknown keys silently unless configured,
/// and even then reports them without the field path we want, so we read the representation model instead.
/// </remarks>
public sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    private YamlMap(YamlMappingNode node, string file, string path)
    {
        _node = node;
        File = file;
        Path = path;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new InputException("keys must be plain names", file, LineOf(key), path.Length == 0 ? null : path);
            }

            if (!_entries.TryAdd(name, (key, value)))
            {
                throw new InputException("the key appears twice", file, LineOf(key), Join(path, name), "keep one of them");
            }
        }
    }

    /// <summary>The file this mapping was read from (for messages).</summary>
    public string File { get; }

    /// <summary>The dotted path of this mapping inside the document ("" for the root).</summary>
    public string Path { get; }

    /// <summary>The 1-based line where this mapping starts.</summary>
    public int Line => LineOf(_node);

    /// <summary>The keys present in the mapping, in document order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>Parses YAML or JSON text whose root must be a mapping.</summary>
    /// <param name="text">The document.</param>
    /// <param name="file">The file name used in messages.</param>
    /// <returns>The root mapping.</returns>
    /// <exception cref="InputException">The text is not valid YAML/JSON, holds more than one document, or its root is not a mapping.</exception>
    public static YamlMap Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            var cut = reason.IndexOf("): ", StringComparison.Ordinal);
            reason = cut >= 0 ? reason[(cut + 3)..] : reason;
            throw new InputException($"not valid YAML or JSON: {reason.TrimEnd('.')}", file, (int)ex.Start.Line, hint: "check indentation, quotes and brackets near this line");
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet reports some structural errors (e.g. an unclosed flow sequence) without a position.
            throw new InputException($"not valid YAML or JSON: {ex.Message.TrimEnd('.')}", file, LastGoodLine(text), hint: "check indentation, quotes and brackets near this line");
        }

        if (stream.Documents.Count == 0)
        {
            throw new InputException("the file is empty", file, hint: "see docs/ for the expected format");
        }

        if (stream.Documents.Count > 1)
        {
            throw new InputException("the file holds more than one YAML document", file, LineOf(stream.Documents[1].RootNode), hint: "remove the second '---' and merge its fields into the first document");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InputException("the document must be a mapping of field names to values", file, LineOf(stream.Documents[0].RootNode));
        }

        return new YamlMap(root, file, string.Empty);
    }

    /// <summary>Reads a file whose root must be a mapping.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The root mapping.</returns>
    /// <exception cref="InputException">The file is missing, unreadable, too large, not UTF-8 or malformed.</exception>
    public static YamlMap Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(InputFile.ReadText(path), path);
    }

    /// <summary>Whether the key is present (counts as asked).</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when present.</returns>
    public bool Has(string key)
    {
        _asked.Add(key);
        return _entries.ContainsKey(key);
    }

    /// <summary>The 1-based line of a key, or of the mapping when the key is absent.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The line.</returns>
    public int LineOfKey(string key) => _entries.TryGetValue(key, out var entry) ? LineOf(entry.Key) : Line;

    /// <summary>The dotted path of a key in this mapping.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The path.</returns>
    public string FieldPath(string key) => Join(Path, key);

    /// <summary>Creates an error located at a key of this mapping.</summary>
    /// <param name="key">The key.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="hint">What to do.</param>
    /// <returns>The exception, for the caller to throw.</returns>
    public InputException Error(string key, string problem, string? hint = null) =>
        new(problem, File, LineOfKey(key), FieldPath(key), hint);

    /// <summary>Reads an optional string.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The string, or null when absent or null.</returns>
    public string? String(string key)
    {
        var scalar = Scalar(key, "text");
        return scalar?.Value;
    }

    /// <summary>Reads a required, non-empty string.</summary>
    /// <param name="key">The key.</param>
    /// <param name="hint">What to write there.</param>
    /// <returns>The string.</returns>
    public string RequiredString(string key, string? hint = null)
    {
        var value = String(key);
        if (value is null && _entries.FirstOrDefault(e => !_asked.Contains(e.Key) && Closest(e.Key, [key]) is not null) is { Key: { } typo } misspelt)
        {
            // A misspelt required key ("expect:" for "expected:") is reported as the typo it is, not as a missing field.
            throw new InputException("unknown field", File, LineOf(misspelt.Value.Key), FieldPath(typo), $"did you mean '{key}'?");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw Error(key, value is null ? "is required" : "must not be empty", hint);
        }

        return value;
    }

    /// <summary>Reads a required name: non-empty text on one line, without control characters (a name becomes an id, a column and a table cell).</summary>
    /// <param name="key">The key.</param>
    /// <param name="hint">What to write there.</param>
    /// <returns>The name.</returns>
    public string RequiredName(string key, string? hint = null)
    {
        var value = RequiredString(key, hint);
        if (value.Any(char.IsControl))
        {
            throw Error(key, "must not contain control characters (a newline, a tab)", "write the name on one line, e.g. gpt-4.1-zero-shot");
        }

        return value;
    }

    /// <summary>Reads an optional number, checked against bounds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="min">The smallest allowed value.</param>
    /// <param name="max">The largest allowed value.</param>
    /// <returns>The number, or null when absent.</returns>
    public double? Number(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        var scalar = Scalar(key, "a number");
        if (scalar?.Value is null)
        {
            return null;
        }

        var value = ParseNumber(scalar, key);
        CheckBounds(key, value, min, max);
        return value;
    }

    /// <summary>Reads an optional whole number, checked against bounds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="min">The smallest allowed value.</param>
    /// <param name="max">The largest allowed value.</param>
    /// <returns>The number, or null when absent.</returns>
    public int? Integer(string key, int min = int.MinValue, int max = int.MaxValue)
    {
        var value = Number(key, min, max);
        if (value is null)
        {
            return null;
        }

        if (value.Value != Math.Floor(value.Value))
        {
            throw Error(key, $"must be a whole number, not {value.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        return (int)value.Value;
    }

    /// <summary>Reads an optional boolean.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value, or null when absent.</returns>
    public bool? Bool(string key)
    {
        var scalar = Scalar(key, "true or false");
        if (scalar?.Value is null)
        {
            return null;
        }

        return scalar.Value.ToLowerInvariant() switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => throw Error(key, $"must be true or false, not '{scalar.Value}'"),
        };
    }

    /// <summary>Reads an optional choice among fixed kebab-case names.</summary>
    /// <typeparam name="TEnum">The enum whose members are the choices (PascalCase ↔ kebab-case).</typeparam>
    /// <param name="key">The key.</param>
    /// <returns>The member, or null when absent.</returns>
    public TEnum? Choice<TEnum>(string key)
        where TEnum : struct, Enum
    {
        var scalar = Scalar(key, "one of " + string.Join(", ", Names.Of<TEnum>()));
        if (scalar?.Value is null)
        {
            return null;
        }

        if (Names.TryParse<TEnum>(scalar.Value, out var result))
        {
            return result;
        }

        throw Error(key, $"'{scalar.Value}' is not allowed", "use one of: " + string.Join(", ", Names.Of<TEnum>()));
    }

    /// <summary>
    /// Reads an optional estimate: a plain number, or a range <c>{ low, likely, high }</c> (likely defaults to
    /// the midpoint), each checked against bounds.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="min">The smallest allowed value.</param>
    /// <param name="max">The largest allowed value.</param>
    /// <returns>The estimate, or null when absent.</returns>
    public Estimate? Estimate(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        _asked.Add(key);
        if (!_entries.TryGetValue(key, out var entry) || IsNull(entry.Value))
        {
            return null;
        }

        if (entry.Value is YamlSequenceNode)
        {
            throw Error(key, "must be a number or a range { low, likely, high }, not a list");
        }

        if (entry.Value is YamlScalarNode)
        {
            var single = Number(key, min, max)!.Value;
            return Core.Estimate.Exactly(single);
        }

        var range = Map(key)!;
        var low = range.Number("low", min, max) ?? throw range.Error("low", "is required in a range", "write { low: …, likely: …, high: … }");
        var high = range.Number("high", min, max) ?? throw range.Error("high", "is required in a range", "write { low: …, likely: …, high: … }");
        var likely = range.Number("likely", min, max) ?? ((low + high) / 2);
        range.EnsureNoUnknownKeys();
        if (!(low <= likely && likely <= high))
        {
            throw Error(key, "a range needs low ≤ likely ≤ high", $"got low {Show(low)}, likely {Show(likely)}, high {Show(high)}");
        }

        return new Estimate(low, likely, high);
    }

    /// <summary>Reads an optional nested mapping.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The mapping, or null when absent.</returns>
    public YamlMap? Map(string key)
    {
        _asked.Add(key);
        if (!_entries.TryGetValue(key, out var entry) || IsNull(entry.Value))
        {
            return null;
        }

        if (entry.Value is not YamlMappingNode mapping)
        {
            throw Error(key, "must be a mapping of fields", "indent its fields under it, or write { field: value }");
        }

        return new YamlMap(mapping, File, FieldPath(key));
    }

    /// <summary>Reads an optional list of mappings.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The mappings (empty when absent).</returns>
    public IReadOnlyList<YamlMap> MapList(string key)
    {
        var items = Sequence(key);
        var result = new List<YamlMap>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlMappingNode mapping)
            {
                throw new InputException("each item must be a mapping of fields", File, LineOf(items[i]), $"{FieldPath(key)}[{i}]");
            }

            result.Add(new YamlMap(mapping, File, $"{FieldPath(key)}[{i}]"));
        }

        return result;
    }

    /// <summary>Reads an optional list of strings (a single string counts as a list of one).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The strings (empty when absent).</returns>
    public IReadOnlyList<string> StringList(string key)
    {
        _asked.Add(key);
        if (_entries.TryGetValue(key, out var entry) && entry.Value is YamlScalarNode single && !IsNull(single))
        {
            return [single.Value!];
        }

        var items = Sequence(key);
        var result = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlScalarNode { Value: { } text })
            {
                throw new InputException("each item must be text", File, LineOf(items[i]), $"{FieldPath(key)}[{i}]");
            }

            result.Add(text);
        }

        return result;
    }

    /// <summary>Rejects every key that no getter asked for, suggesting the closest known key.</summary>
    /// <exception cref="InputException">An unknown key is present.</exception>
    public void EnsureNoUnknownKeys()
    {
        foreach (var (name, entry) in _entries)
        {
            if (_asked.Contains(name))
            {
                continue;
            }

            var hint = Closest(name, _asked) is { } closest
                ? $"did you mean '{closest}'?"
                : "known fields here: " + string.Join(", ", _asked.Order(StringComparer.Ordinal));
            throw new InputException("unknown field", File, LineOf(entry.Key), FieldPath(name), hint);
        }
    }

    private IList<YamlNode> Sequence(string key)
    {
        _asked.Add(key);
        if (!_entries.TryGetValue(key, out var entry) || IsNull(entry.Value))
        {
            return [];
        }

        if (entry.Value is not YamlSequenceNode sequence)
        {
            throw Error(key, "must be a list", "write [a, b] or one '- item' per line");
        }

        return sequence.Children;
    }

    private YamlScalarNode? Scalar(string key, string expected)
    {
        _asked.Add(key);
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.Value is not YamlScalarNode scalar)
        {
            throw Error(key, $"must be {expected}, not a {(entry.Value is YamlSequenceNode ? "list" : "mapping")}");
        }

        return IsNull(scalar) ? null : scalar;
    }

    private double ParseNumber(YamlScalarNode scalar, string key)
    {
        var text = scalar.Value!.Replace("_", string.Empty, StringComparison.Ordinal);
        if (scalar.Style is ScalarStyle.Plain
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            return value;
        }

        throw Error(key, $"must be a number, not '{scalar.Value}'", "write digits without quotes, e.g. 1500 or 0.25");
    }

    private void CheckBounds(string key, double value, double min, double max)
    {
        if (value < min || value > max)
        {
            var range = (min, max) switch
            {
                (double.MinValue, _) => $"at most {Show(max)}",
                (_, double.MaxValue) => $"at least {Show(min)}",
                _ => $"between {Show(min)} and {Show(max)}",
            };
            throw Error(key, $"{Show(value)} is out of range", $"must be {range}");
        }
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static int LastGoodLine(string text)
    {
        var parser = new Parser(new StringReader(text));
        var line = 1;
        try
        {
            while (parser.MoveNext())
            {
                line = (int)parser.Current!.End.Line;
            }
        }
        catch (YamlException ex)
        {
            return (int)ex.Start.Line;
        }
        catch (InvalidOperationException)
        {
            return line;
        }

        return line;
    }

    private static int LineOf(YamlNode node) => (int)node.Start.Line;

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Show(double value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    /// <summary>The known name closest to <paramref name="name"/> when it is near enough to be a typo of it (for "did you mean").</summary>
    /// <param name="name">What the user wrote.</param>
    /// <param name="known">The names that exist.</param>
    /// <returns>The closest known name, or null when none is close.</returns>
    public static string? Closest(string name, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        var closest = known.OrderBy(k => Distance(k, name)).ThenBy(k => k, StringComparer.Ordinal).FirstOrDefault();
        return closest is not null && Distance(closest, name) <= Math.Max(2, name.Length / 3) ? closest : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
