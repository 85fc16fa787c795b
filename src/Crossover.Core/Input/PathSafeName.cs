using System.Text;

namespace Crossover.Core.Input;

/// <summary>
/// The one way a name (an experiment's, a run id, a candidate's) becomes part of a file or folder name: ASCII letters,
/// digits, '-', '_' and '.' are kept, everything else (separators, "..", control characters) becomes '-', so the
/// result is always one path segment inside the folder it is combined with.
/// </summary>
public static class PathSafeName
{
    private const int MaxLength = 80;

    /// <summary>The path-safe form of a name.</summary>
    /// <param name="name">Any text.</param>
    /// <returns>A non-empty single path segment that is neither "." nor "..".</returns>
    public static string Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(Math.Min(name.Length, MaxLength));
        foreach (var c in name)
        {
            if (builder.Length == MaxLength)
            {
                break;
            }

            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : c == '.' && builder.Length > 0 && builder[^1] != '.' ? '.' : '-');
        }

        var safe = builder.ToString().Trim('.');
        return safe.Length == 0 ? "unnamed" : safe;
    }
}
