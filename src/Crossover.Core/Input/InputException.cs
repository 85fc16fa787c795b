namespace Crossover.Core.Input;

/// <summary>
/// An error the user can fix: a malformed file, a missing or wrong-typed field, an impossible value or an
/// unknown option. The message names the file, line and field and says what to do; the CLI prints it as one
/// line on stderr and exits with code 2. Bugs stay ordinary exceptions.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates an input error.</summary>
    /// <param name="problem">What is wrong, in a few words.</param>
    /// <param name="file">The file the problem is in, when there is one.</param>
    /// <param name="line">The 1-based line in <paramref name="file"/>, when known.</param>
    /// <param name="field">The dotted path of the offending field, when there is one.</param>
    /// <param name="hint">What the user should do about it.</param>
    public InputException(string problem, string? file = null, int? line = null, string? field = null, string? hint = null)
        : base(Format(problem, file, line, field, hint))
    {
        Problem = problem;
        File = file;
        Line = line;
        Field = field;
        Hint = hint;
    }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>The file the problem is in, if any.</summary>
    public string? File { get; }

    /// <summary>The 1-based line, if known.</summary>
    public int? Line { get; }

    /// <summary>The dotted field path, if any.</summary>
    public string? Field { get; }

    /// <summary>What to do about it.</summary>
    public string? Hint { get; }

    private static string Format(string problem, string? file, int? line, string? field, string? hint)
    {
        var location = file is null ? string.Empty : line is null ? $"{file}: " : $"{file}:{line}: ";
        var where = field is null ? string.Empty : $"{field}: ";
        var fix = string.IsNullOrEmpty(hint) ? string.Empty : $" ({hint})";
        return $"{location}{where}{problem}{fix}";
    }
}
