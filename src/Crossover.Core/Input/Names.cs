using System.Text;

namespace Crossover.Core.Input;

/// <summary>Maps enum members to the kebab-case names used in files and JSON output (PascalCase ↔ kebab-case).</summary>
public static class Names
{
    /// <summary>The kebab-case name of an enum member, e.g. <c>QuestionAnswering</c> → <c>question-answering</c>.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="value">The member.</param>
    /// <returns>The name.</returns>
    public static string Kebab<TEnum>(TEnum value)
        where TEnum : struct, Enum => Kebab(value.ToString());

    /// <summary>Turns a PascalCase identifier into kebab-case.</summary>
    /// <param name="pascal">The identifier.</param>
    /// <returns>The kebab-case name.</returns>
    public static string Kebab(string pascal)
    {
        ArgumentNullException.ThrowIfNull(pascal);
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>All kebab-case names of an enum.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <returns>The names in declaration order.</returns>
    public static IReadOnlyList<string> Of<TEnum>()
        where TEnum : struct, Enum => [.. Enum.GetValues<TEnum>().Select(v => Kebab(v))];

    /// <summary>Parses a kebab-case (or snake_case, any case) name into an enum member.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="text">The name.</param>
    /// <param name="value">The member, when found.</param>
    /// <returns>Whether the name is a member.</returns>
    public static bool TryParse<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Trim().Replace('_', '-').ToLowerInvariant();
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (Kebab(candidate) == normalized)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
