using Crossover.Core.Input;

namespace Crossover.Core.Profiles;

/// <summary>The file a profile came from and the line of each field that is checked after reading.</summary>
/// <param name="File">The profile file.</param>
/// <param name="Lines">Line numbers by dotted field path.</param>
public sealed record ProfileSource(string File, IReadOnlyDictionary<string, int> Lines)
{
    /// <summary>An input error located at a profile field.</summary>
    /// <param name="field">The dotted field path.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="hint">What to do.</param>
    /// <returns>The exception, for the caller to throw.</returns>
    public InputException Error(string field, string problem, string? hint = null) =>
        new(problem, File, Lines.TryGetValue(field, out var line) ? line : null, field, hint);
}
