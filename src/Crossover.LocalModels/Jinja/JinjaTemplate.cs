using System.Globalization;

namespace Crossover.LocalModels.Jinja;

/// <summary>
/// A compiled chat template. Written here because no maintained Jinja engine for .NET is on NuGet and chat templates
/// need Python's exact semantics (string repr, <c>json.dumps</c> spacing, <c>trim_blocks</c>/<c>lstrip_blocks</c>):
/// the subset is the one Hugging Face chat templates use, and anything outside it fails at parse time by name.
/// </summary>
internal sealed class JinjaTemplate
{
    private readonly IReadOnlyList<Node> _nodes;

    private JinjaTemplate(IReadOnlyList<Node> nodes) => _nodes = nodes;

    /// <exception cref="TemplateError">The template uses syntax or a tag outside the supported subset.</exception>
    public static JinjaTemplate Parse(string source) => new(Parser.Parse(source));

    /// <summary>Renders with the given variables plus the globals transformers provides to chat templates.</summary>
    /// <exception cref="TemplateError">An undefined name is used in a way Jinja rejects, or a type error.</exception>
    /// <exception cref="TemplateRaised">The template called <c>raise_exception</c>.</exception>
    public string Render(IReadOnlyDictionary<string, object?> variables, TimeProvider time)
    {
        var all = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["raise_exception"] = new Callable((args, _, _) => throw new TemplateRaised(args.Count > 0 ? Values.Str(args[0]) : "raise_exception was called")),
            ["namespace"] = new Callable((_, kwargs, _) =>
            {
                var ns = new Namespace();
                foreach (var (key, value) in kwargs)
                {
                    ns.Values[key] = value;
                }

                return ns;
            }),
            ["range"] = new Callable(Range),
            ["dict"] = new Callable((_, kwargs, _) => kwargs.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal)),
            ["strftime_now"] = new Callable((args, _, line) => Strftime(time.GetLocalNow(), args.Count > 0 ? Values.Str(args[0]) : throw new TemplateError("strftime_now needs a format", line))),
        };
        foreach (var (key, value) in variables)
        {
            all[key] = value;
        }

        return Renderer.Render(_nodes, all);
    }

    /// <summary>Jinja's <c>sandbox.MAX_RANGE</c>.</summary>
    private const int MaxRange = 100_000;

    private static object? Range(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs, int line)
    {
        var numbers = args.Select(a => a as long? ?? throw new TemplateError("range() takes integers", line)).ToList();
        var (start, stop, step) = numbers.Count switch
        {
            1 => (0L, numbers[0], 1L),
            2 => (numbers[0], numbers[1], 1L),
            3 => (numbers[0], numbers[1], numbers[2]),
            _ => throw new TemplateError("range() takes one to three integers", line),
        };
        if (step == 0)
        {
            throw new TemplateError("range() step cannot be zero", line);
        }

        // Jinja's sandbox (transformers renders in ImmutableSandboxedEnvironment) refuses ranges above MAX_RANGE.
        if ((step > 0 ? ((double)stop - start) / step : ((double)start - stop) / -step) > MaxRange)
        {
            throw new TemplateError($"range() is too big: the sandbox allows at most {MaxRange} items", line);
        }

        var list = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            list.Add(i);
        }

        return list;
    }

    /// <summary>The strftime directives chat templates use to print today's date (Llama 3.2, for one).</summary>
    private static string Strftime(DateTimeOffset now, string format)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                text.Append(format[i]);
                continue;
            }

            text.Append(format[++i] switch
            {
                'd' => now.ToString("dd", c),
                'm' => now.ToString("MM", c),
                'Y' => now.ToString("yyyy", c),
                'y' => now.ToString("yy", c),
                'b' => now.ToString("MMM", c),
                'B' => now.ToString("MMMM", c),
                'a' => now.ToString("ddd", c),
                'A' => now.ToString("dddd", c),
                'H' => now.ToString("HH", c),
                'M' => now.ToString("mm", c),
                'S' => now.ToString("ss", c),
                'j' => now.DayOfYear.ToString("000", c),
                '%' => "%",
                var other => "%" + other,
            });
        }

        return text.ToString();
    }
}
