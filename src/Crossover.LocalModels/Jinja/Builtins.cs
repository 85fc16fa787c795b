using System.Globalization;

namespace Crossover.LocalModels.Jinja;

/// <summary>The attribute lookup, string and dict methods, filters and tests chat templates use, with Python's behaviour.</summary>
internal static class Builtins
{
    /// <summary>The filters <see cref="Filter"/> implements; the parser rejects others when the model loads.</summary>
    public static readonly IReadOnlySet<string> FilterNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "trim", "length", "count", "string", "safe", "tojson", "upper", "lower", "capitalize", "title", "replace", "default", "d",
        "first", "last", "join", "list", "reverse", "items", "int", "float", "abs", "unique", "map", "select", "reject", "selectattr", "rejectattr",
    };

    /// <summary>The tests <see cref="Test"/> implements; the parser rejects others when the model loads.</summary>
    public static readonly IReadOnlySet<string> TestNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "defined", "undefined", "none", "string", "number", "integer", "float", "boolean", "true", "false", "mapping", "sequence", "iterable",
        "callable", "equalto", "eq", "==", "sameas", "ne", "!=", "gt", "greaterthan", "ge", "lt", "lessthan", "le", "in", "odd", "even", "divisibleby", "lower", "upper",
    };

    public static object? Attribute(object? target, string name, string described, int line)
    {
        switch (target)
        {
            case Undefined u:
                throw new TemplateError($"'{u.Name}' is undefined, so '{described}.{name}' cannot be read", line);
            case Namespace ns:
                return ns.Values.TryGetValue(name, out var value) ? value : new Undefined($"{described}.{name}");
            case string s when StringMethod(s, name) is { } method:
                return method;
            case Dictionary<string, object?> dict:
                return DictMethod(dict, name) ?? (dict.TryGetValue(name, out var item) ? item : new Undefined($"{described}.{name}"));
            default:
                return new Undefined($"{described}.{name}");
        }
    }

    public static object? Index(object? target, object? index, string described, int line)
    {
        switch (target, index)
        {
            case (Undefined u, _):
                throw new TemplateError($"'{u.Name}' is undefined, so '{described}[…]' cannot be read", line);
            case (List<object?> list, long i):
                var at = i < 0 ? list.Count + i : i;
                return at >= 0 && at < list.Count ? list[(int)at] : new Undefined($"{described}[{i}]");
            case (string s, long i):
                var points = CodePoints(s);
                var c = i < 0 ? points.Length + i : i;
                return c >= 0 && c < points.Length ? points[(int)c] : new Undefined($"{described}[{i}]");
            case (Dictionary<string, object?> dict, string key):
                return dict.TryGetValue(key, out var value) ? value : new Undefined($"{described}['{key}']");
            case (Namespace ns, string key):
                return ns.Values.TryGetValue(key, out var nsValue) ? nsValue : new Undefined($"{described}['{key}']");
            default:
                return new Undefined($"{described}[…]");
        }
    }

    public static object? Slice(object? target, long? start, long? stop, long? step, int line)
    {
        var by = step ?? 1;
        if (by == 0)
        {
            throw new TemplateError("slice step cannot be zero", line);
        }

        var points = target is string s ? CodePoints(s) : null;
        var count = target switch
        {
            List<object?> list => list.Count,
            string => points!.Length,
            _ => throw new TemplateError($"a {Values.TypeName(target)} cannot be sliced", line),
        };
        var indices = SliceIndices(count, start, stop, by);
        return points is not null
            ? string.Concat(indices.Select(i => points[i]))
            : indices.Select(i => ((List<object?>)target!)[i]).ToList();
    }

    /// <summary>Python's slice semantics: negative bounds count from the end, bounds are clamped.</summary>
    private static List<int> SliceIndices(int count, long? start, long? stop, long step)
    {
        long Clamp(long? bound, long fallback, long low, long high) =>
            bound is not { } b ? fallback : Math.Clamp(b < 0 ? b + count : b, low, high);
        var from = step > 0 ? Clamp(start, 0, 0, count) : Clamp(start, count - 1, -1, count - 1);
        var to = step > 0 ? Clamp(stop, count, 0, count) : Clamp(stop, -1, -1, count - 1);
        var indices = new List<int>();
        for (var i = from; step > 0 ? i < to : i > to; i += step)
        {
            indices.Add((int)i);
        }

        return indices;
    }

    public static bool Contains(object? container, object? item, int line) => container switch
    {
        Undefined => false,
        string s => item is string part ? s.Contains(part, StringComparison.Ordinal) : throw new TemplateError($"'in <string>' needs a string, not {Values.TypeName(item)}", line),
        List<object?> list => list.Any(x => Values.AreEqual(x, item)),
        Dictionary<string, object?> dict => item is string key && dict.ContainsKey(key),
        Namespace ns => item is string name && ns.Values.ContainsKey(name),
        _ => throw new TemplateError($"'in' needs a string, list or mapping on the right, not {Values.TypeName(container)}", line),
    };

    private static Callable? StringMethod(string s, string name) => name switch
    {
        "strip" => (args, _, _) => args.Count > 0 && args[0] is string chars ? s.Trim(chars.ToCharArray()) : PyStrip(s, true, true),
        "lstrip" => (args, _, _) => args.Count > 0 && args[0] is string chars ? s.TrimStart(chars.ToCharArray()) : PyStrip(s, true, false),
        "rstrip" => (args, _, _) => args.Count > 0 && args[0] is string chars ? s.TrimEnd(chars.ToCharArray()) : PyStrip(s, false, true),
        "upper" => (_, _, _) => s.ToUpperInvariant(),
        "lower" => (_, _, _) => s.ToLowerInvariant(),
        "title" => (_, _, _) => Title(s),
        "capitalize" => (_, _, _) => Capitalize(s),
        "startswith" => (args, _, line) => Affix(args, line).Any(p => s.StartsWith(p, StringComparison.Ordinal)),
        "endswith" => (args, _, line) => Affix(args, line).Any(p => s.EndsWith(p, StringComparison.Ordinal)),
        "replace" => (args, _, line) => args is [string from, string to, ..] ? s.Replace(from, to, StringComparison.Ordinal) : throw new TemplateError("replace() takes two strings", line),
        "split" => (args, _, _) => (args.Count > 0 && args[0] is string sep
            ? s.Split(sep)
            : PySplit(s)).Select(p => (object?)p).ToList(),
        "find" => (args, _, line) => (long)s.IndexOf(args is [string needle, ..] ? needle : throw new TemplateError("find() takes a string", line), StringComparison.Ordinal),
        "count" => (args, _, line) => (long)CountOf(s, args is [string needle, ..] ? needle : throw new TemplateError("count() takes a string", line)),
        _ => null,
    };

    private static IEnumerable<string> Affix(IReadOnlyList<object?> args, int line) => args switch
    {
        [string one, ..] => [one],
        [List<object?> many, ..] => many.OfType<string>(),
        _ => throw new TemplateError("startswith()/endswith() take a string", line),
    };

    private static Callable? DictMethod(Dictionary<string, object?> dict, string name) => name switch
    {
        "items" => (_, _, _) => Items(dict),
        "keys" => (_, _, _) => dict.Keys.Select(k => (object?)k).ToList(),
        "values" => (_, _, _) => dict.Values.ToList(),
        "get" => (args, _, line) => args switch
        {
            [string key] => dict.TryGetValue(key, out var v) ? v : null,
            [string key, var fallback] => dict.TryGetValue(key, out var v) ? v : fallback,
            _ => throw new TemplateError("get() takes a key and an optional default", line),
        },
        _ => null,
    };

    private static List<object?> Items(Dictionary<string, object?> dict) => dict.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList();

    public static object? Filter(string name, object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs, int line)
    {
        object? Arg(int i, string key, object? fallback) => i < args.Count ? args[i] : kwargs.TryGetValue(key, out var v) ? v : fallback;
        switch (name)
        {
            case "trim":
                return Arg(0, "chars", null) is string chars ? Text(value, name, line).Trim(chars.ToCharArray()) : PyStrip(Text(value, name, line), true, true);
            case "length" or "count":
                return value switch
                {
                    Undefined => 0L,
                    string s => (long)CodePoints(s).Length,
                    List<object?> list => (long)list.Count,
                    Dictionary<string, object?> dict => (long)dict.Count,
                    _ => throw new TemplateError($"a {Values.TypeName(value)} has no length", line),
                };
            case "string":
                return Values.Str(value);
            case "safe":
                return value;
            case "tojson":
                // transformers' tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False): the first positional argument is ensure_ascii.
                (string? Item, string Key) separators = Arg(2, "separators", null) switch
                {
                    null => (null, ": "),
                    List<object?> { Count: 2 } pair when pair[0] is string item && pair[1] is string key => (item, key),
                    var other => throw new TemplateError($"tojson separators must be two strings, not {Values.TypeName(other)}", line),
                };
                return Values.Json(value is Undefined ? null : value, new JsonFormat(
                    Arg(1, "indent", null) is long indent ? (int)indent : null, Values.Truthy(Arg(3, "sort_keys", false)), Values.Truthy(Arg(0, "ensure_ascii", false)),
                    separators.Item, separators.Key), line);
            case "upper":
                return Text(value, name, line).ToUpperInvariant();
            case "lower":
                return Text(value, name, line).ToLowerInvariant();
            case "capitalize":
                return Capitalize(Text(value, name, line));
            case "title":
                return JinjaTitle(Text(value, name, line));
            case "replace":
                return Arg(0, "old", null) is string old && Arg(1, "new", null) is string replacement
                    ? Text(value, name, line).Replace(old, replacement, StringComparison.Ordinal)
                    : throw new TemplateError("replace takes two strings", line);
            case "default" or "d":
                var fallback = Arg(0, "default_value", string.Empty);
                return value is Undefined || (Values.Truthy(Arg(1, "boolean", false)) && !Values.Truthy(value)) ? fallback : value;
            case "first":
                return Sequence(value, name, line) is { Count: > 0 } firstOf ? firstOf[0] : new Undefined("first");
            case "last":
                return Sequence(value, name, line) is { Count: > 0 } lastOf ? lastOf[^1] : new Undefined("last");
            case "join":
                var attribute = Arg(1, "attribute", null) as string;
                return string.Join(Arg(0, "d", string.Empty) as string ?? string.Empty,
                    Sequence(value, name, line).Select(x => Values.Str(attribute is null ? x : Attribute(x, attribute, "item", line))));
            case "list":
                return Sequence(value, name, line);
            case "reverse":
                return value is string rs ? new string([.. rs.Reverse()]) : Enumerable.Reverse(Sequence(value, name, line)).ToList();
            case "items":
                return value switch
                {
                    Undefined => new List<object?>(),
                    Dictionary<string, object?> dict => Items(dict),
                    _ => throw new TemplateError($"items needs a mapping, not {Values.TypeName(value)}", line),
                };
            case "int":
                return value switch
                {
                    long l => l,
                    double d => (long)Math.Truncate(d),
                    bool b => b ? 1L : 0L,
                    string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
                    _ => Arg(0, "default", 0L),
                };
            case "float":
                return value switch
                {
                    long l => (double)l,
                    double d => d,
                    string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                    _ => Arg(0, "default", 0.0),
                };
            case "abs":
                // Boxed separately: a switch over long and double would widen the integer to a float ("3.0").
                return value switch
                {
                    long l => (object)Math.Abs(l),
                    double d => Math.Abs(d),
                    _ => throw new TemplateError($"abs needs a number, not {Values.TypeName(value)}", line),
                };
            case "unique":
                var unique = new List<object?>();
                foreach (var item in Sequence(value, name, line).Where(item => !unique.Any(u => Values.AreEqual(u, item))))
                {
                    unique.Add(item);
                }

                return unique;
            case "map":
                return kwargs.TryGetValue("attribute", out var mapAttribute) && mapAttribute is string mapped
                    ? Sequence(value, name, line).Select(x => Attribute(x, mapped, "item", line)).ToList()
                    : args.Count > 0 && args[0] is string filter
                        ? Sequence(value, name, line).Select(x => Filter(filter, x, [.. args.Skip(1)], new Dictionary<string, object?>(), line)).ToList()
                        : throw new TemplateError("map needs a filter name or attribute=", line);
            case "select" or "reject":
                var keep = name == "select";
                return Sequence(value, name, line).Where(x => (args.Count == 0 ? Values.Truthy(x) : Test(Text(args[0], name, line), x, [.. args.Skip(1)], line)) == keep).ToList();
            case "selectattr" or "rejectattr":
                var keepAttr = name == "selectattr";
                var attr = args.Count > 0 ? Text(args[0], name, line) : throw new TemplateError($"{name} needs an attribute name", line);
                return Sequence(value, name, line).Where(x =>
                {
                    var field = Attribute(x, attr, "item", line);
                    return (args.Count < 2 ? Values.Truthy(field) : Test(Text(args[1], name, line), field, [.. args.Skip(2)], line)) == keepAttr;
                }).ToList();
            default:
                throw new TemplateError($"the '{name}' filter is not supported", line);
        }
    }

    public static bool Test(string name, object? value, IReadOnlyList<object?> args, int line) => name switch
    {
        "defined" => value is not Undefined,
        "undefined" => value is Undefined,
        "none" => value is null,
        "string" => value is string,
        "number" => value is long or double,
        "integer" => value is long,
        "float" => value is double,
        "boolean" => value is bool,
        "true" => value is true,
        "false" => value is false,
        "mapping" => value is Dictionary<string, object?> or Namespace,
        "sequence" => value is string or List<object?> or Dictionary<string, object?>,
        "iterable" => value is string or List<object?> or Dictionary<string, object?> or Undefined,
        "callable" => value is Callable,
        "equalto" or "eq" or "==" or "sameas" => args.Count > 0 && Values.AreEqual(value, args[0]),
        "ne" or "!=" => args.Count > 0 && !Values.AreEqual(value, args[0]),
        "gt" or "greaterthan" => args.Count > 0 && Values.Compare(value, args[0], line) > 0,
        "ge" => args.Count > 0 && Values.Compare(value, args[0], line) >= 0,
        "lt" or "lessthan" => args.Count > 0 && Values.Compare(value, args[0], line) < 0,
        "le" => args.Count > 0 && Values.Compare(value, args[0], line) <= 0,
        "in" => args.Count > 0 && Contains(args[0], value, line),
        "odd" => value is long odd && odd % 2 != 0,
        "even" => value is long even && even % 2 == 0,
        "divisibleby" => value is long n && args.Count > 0 && args[0] is long d && d != 0 && n % d == 0,
        "lower" => value is string lower && string.Equals(lower, lower.ToLowerInvariant(), StringComparison.Ordinal),
        "upper" => value is string upper && string.Equals(upper, upper.ToUpperInvariant(), StringComparison.Ordinal),
        _ => throw new TemplateError($"the '{name}' test is not supported", line),
    };

    private static string Text(object? value, string filter, int line) => value switch
    {
        string s => s,
        Undefined => string.Empty,
        null or bool or long or double => Values.Str(value),
        _ => throw new TemplateError($"{filter} needs a string, not {Values.TypeName(value)}", line),
    };

    /// <summary>What Jinja iterates over a value: nothing for undefined, a list's items, a mapping's keys, a string's characters; null for anything else.</summary>
    public static List<object?>? AsSequence(object? value) => value switch
    {
        Undefined => [],
        List<object?> list => list,
        Dictionary<string, object?> dict => dict.Keys.Select(k => (object?)k).ToList(),
        string s => s.Select(c => (object?)c.ToString()).ToList(),
        _ => null,
    };

    private static List<object?> Sequence(object? value, string filter, int line) =>
        AsSequence(value) ?? throw new TemplateError($"{filter} needs a sequence, not {Values.TypeName(value)}", line);

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    /// <summary>Python's <c>str.title()</c>: a word starts after any character that is not a letter or digit.</summary>
    private static string Title(string s) => Title(s, c => !char.IsLetterOrDigit(c));

    /// <summary>Upper-cases the first character of each word and lower-cases the rest; a word starts after a character for which <paramref name="endsWord"/> holds.</summary>
    private static string Title(string s, Func<char, bool> endsWord)
    {
        var chars = s.ToCharArray();
        var startOfWord = true;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = startOfWord ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
            startOfWord = endsWord(chars[i]);
        }

        return new string(chars);
    }

    /// <summary>Jinja's <c>title</c> filter: words start after whitespace, '-', '(', '{', '[' or '&lt;' (unlike Python's str.title).</summary>
    private static string JinjaTitle(string s) => Title(s, c => char.IsWhiteSpace(c) || c is '-' or '(' or '{' or '[' or '<');

    private static int CountOf(string s, string needle)
    {
        if (needle.Length == 0)
        {
            return s.Length + 1;
        }

        var n = 0;
        for (var i = s.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = s.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    /// <summary>A string's characters as Python counts them: code points, so a character outside the BMP is one, not two.</summary>
    private static string[] CodePoints(string s) => s.Any(char.IsSurrogate) ? [.. s.EnumerateRunes().Select(r => r.ToString())] : [.. s.Select(c => c.ToString())];

    /// <summary>Python's <c>str.isspace</c>: .NET's whitespace plus the separators U+001C–U+001F.</summary>
    private static bool IsPyWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary>Python's argument-less <c>str.strip</c>/<c>lstrip</c>/<c>rstrip</c>.</summary>
    private static string PyStrip(string s, bool start, bool end)
    {
        var from = 0;
        var to = s.Length;
        while (start && from < to && IsPyWhitespace(s[from]))
        {
            from++;
        }

        while (end && to > from && IsPyWhitespace(s[to - 1]))
        {
            to--;
        }

        return s[from..to];
    }

    /// <summary>Python's argument-less <c>str.split</c>: runs of whitespace separate, leading and trailing ones yield nothing.</summary>
    private static string[] PySplit(string s)
    {
        var parts = new List<string>();
        var start = -1;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i == s.Length || IsPyWhitespace(s[i]))
            {
                if (start >= 0)
                {
                    parts.Add(s[start..i]);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return [.. parts];
    }
}
