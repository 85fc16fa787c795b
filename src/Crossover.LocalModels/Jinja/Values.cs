using System.Globalization;
using System.Text;

namespace Crossover.LocalModels.Jinja;

/// <summary>A name the template reads but nobody defined: prints as nothing and is falsy, as in Jinja.</summary>
internal sealed class Undefined(string name)
{
    public string Name { get; } = name;
}

/// <summary>The object <c>namespace(...)</c> returns: attributes a loop body can set and the outside can read.</summary>
internal sealed class Namespace
{
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);
}

/// <summary>A function a template can call: a global such as <c>raise_exception</c> or a bound string/dict method.</summary>
internal delegate object? Callable(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs, int line);

/// <summary>
/// Python semantics for template values (truthiness, equality, ordering, <c>str</c>, <c>repr</c> and
/// <c>json.dumps</c>), because chat templates are written against Jinja running in Python and their output must match.
/// Values are null (None), <see cref="Undefined"/>, bool, long, double, string, <c>List&lt;object?&gt;</c>,
/// <c>Dictionary&lt;string, object?&gt;</c>, <see cref="Namespace"/>, <see cref="Callable"/>.
/// </summary>
internal static class Values
{
    public static bool Truthy(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        Dictionary<string, object?> dict => dict.Count > 0,
        _ => true,
    };

    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        Undefined => "Undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        Namespace => "Namespace",
        _ => "function",
    };

    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (Undefined, Undefined) => true,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        (bool or long or double, bool or long or double) => ToDouble(a) == ToDouble(b),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => AreEqual(p.First, p.Second)),
        (Dictionary<string, object?> x, Dictionary<string, object?> y) => x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && AreEqual(p.Value, v)),
        _ => ReferenceEquals(a, b),
    };

    public static int Compare(object? a, object? b, int line) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (bool or long or double, bool or long or double) => ToDouble(a).CompareTo(ToDouble(b)),
        _ => throw new TemplateError($"cannot order {TypeName(a)} and {TypeName(b)}", line),
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static double ToDouble(object? value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d => d,
        _ => double.NaN,
    };

    /// <summary>Python's <c>str()</c>, which is what <c>{{ … }}</c> prints.</summary>
    public static string Str(object? value) => value switch
    {
        Undefined => string.Empty,
        string s => s,
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr()</c>.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        Undefined => string.Empty,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        string s => QuoteString(s),
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        Dictionary<string, object?> dict => "{" + string.Join(", ", dict.Select(p => QuoteString(p.Key) + ": " + Repr(p.Value))) + "}",
        Namespace => "<Namespace>",
        _ => "<function>",
    };

    /// <summary>Python's float repr: the shortest round-trip digits, always with a decimal point or exponent.</summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            var mantissa = text[..text.IndexOf('E', StringComparison.Ordinal)];
            var exponent = int.Parse(text[(text.IndexOf('E', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
            if (exponent is >= -4 and < 16)
            {
                text = d.ToString("0.################", CultureInfo.InvariantCulture);
            }
            else
            {
                return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            }
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static string QuoteString(string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var text = new StringBuilder().Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        text.Append('\\').Append(c);
                    }
                    else if (c < 0x20 || c == 0x7f)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append(quote).ToString();
    }

    /// <summary>Python's <c>json.dumps(value, ensure_ascii=False, indent=indent)</c>, which transformers' <c>tojson</c> calls.</summary>
    /// <summary>Python's <c>json.dumps</c> with the given options: the item separator defaults to ", " (or "," when indenting).</summary>
    public static string Json(object? value, JsonFormat format, int line)
    {
        var text = new StringBuilder();
        WriteJson(text, value, format, 0, line);
        return text.ToString();
    }

    private static void WriteJson(StringBuilder text, object? value, JsonFormat format, int depth, int line)
    {
        var (indent, sortKeys) = (format.Indent, format.SortKeys);
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case long l:
                text.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                text.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : Float(d));
                break;
            case string s:
                JsonString(text, s, format.EnsureAscii);
                break;
            case List<object?> list:
                WriteContainer(text, '[', ']', list.Count, format, depth, i => WriteJson(text, list[i], format, depth + 1, line));
                break;
            case Dictionary<string, object?> dict:
                var pairs = sortKeys ? [.. dict.OrderBy(p => p.Key, StringComparer.Ordinal)] : dict.ToList();
                WriteContainer(text, '{', '}', pairs.Count, format, depth, i =>
                {
                    JsonString(text, pairs[i].Key, format.EnsureAscii);
                    text.Append(format.KeySeparator);
                    WriteJson(text, pairs[i].Value, format, depth + 1, line);
                });
                break;
            default:
                throw new TemplateError($"tojson cannot serialise a {TypeName(value)}", line);
        }
    }

    private static void WriteContainer(StringBuilder text, char open, char close, int count, JsonFormat format, int depth, Action<int> item)
    {
        var indent = format.Indent;
        var separator = format.ItemSeparator ?? (indent is null ? ", " : ",");
        text.Append(open);
        if (count == 0)
        {
            text.Append(close);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            if (indent is { } n)
            {
                text.Append(i == 0 ? "\n" : separator + "\n").Append(' ', n * (depth + 1));
            }
            else if (i > 0)
            {
                text.Append(separator);
            }

            item(i);
        }

        if (indent is { } m)
        {
            text.Append('\n').Append(' ', m * depth);
        }

        text.Append(close);
    }

    private static void JsonString(StringBuilder text, string s, bool ensureAscii)
    {
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7E))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }
}
