using System.Collections;
using System.Text.RegularExpressions;
using Crossover.Core.Input;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// The one place keys are checked and kept out of what Crossover stores or prints: a key with a control character is
/// refused before it reaches a header (a CR/LF would inject one), and provider error text loses the configured key and
/// anything shaped like a credential header before it becomes a record's error or a message.
/// </summary>
public static partial class ApiKeys
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "[redacted]";

    /// <summary>Returns <paramref name="key"/> when it can go in an HTTP header.</summary>
    /// <param name="key">The key read from the environment.</param>
    /// <param name="variable">The variable it came from (named in the error, the key never is).</param>
    /// <param name="field">The option or field that names the variable.</param>
    /// <returns>The key.</returns>
    /// <exception cref="InputException">The key holds a control character (CR, LF, tab, NUL, …).</exception>
    public static string Check(string key, string variable, string field = "model.apiKeyEnv")
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Any(char.IsControl))
        {
            throw new InputException($"the environment variable {variable} holds a control character (a line break or tab)", field: field,
                hint: $"export {variable} again with the key alone on one line, e.g. without a trailing newline");
        }

        if (key.Any(c => c > '~'))
        {
            throw new InputException($"the environment variable {variable} holds a non-ASCII character (a pasted quote or space?), which no HTTP header can carry", field: field,
                hint: $"export {variable} again with the key alone, as the provider's console shows it");
        }

        return key;
    }

    /// <summary>
    /// Removes <paramref name="keys"/>, the value of every environment variable named like a secret (ending in KEY,
    /// TOKEN, SECRET or PASSWORD), and credential-shaped text (<c>Bearer …</c>, <c>api-key: …</c>, <c>sk-…</c>) from
    /// <paramref name="text"/>: a server that echoes the request's headers in its error body then leaks nothing.
    /// </summary>
    /// <param name="text">An error message or response body.</param>
    /// <param name="keys">The keys in use (nulls and empties are skipped).</param>
    /// <returns>The text with every secret replaced by <c>[redacted]</c>.</returns>
    public static string Redact(string text, params ReadOnlySpan<string?> keys)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var key in keys)
        {
            if (!string.IsNullOrEmpty(key))
            {
                text = text.Replace(key, Mask, StringComparison.Ordinal);
            }
        }

        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable is { Key: string name, Value: string value } && value.Trim().Length >= 8 && IsSecretName(name))
            {
                text = text.Replace(value.Trim(), Mask, StringComparison.Ordinal);
            }
        }

        text = BearerPattern().Replace(text, "$1" + Mask);
        text = HeaderPattern().Replace(text, "$1" + Mask);
        return SecretKeyPattern().Replace(text, Mask);
    }

    private static bool IsSecretName(string name) =>
        name.EndsWith("KEY", StringComparison.OrdinalIgnoreCase) || name.EndsWith("TOKEN", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("SECRET", StringComparison.OrdinalIgnoreCase) || name.EndsWith("PASSWORD", StringComparison.OrdinalIgnoreCase);

    // A value never starts with '[', so text already redacted stays as it is when redacted again.
    [GeneratedRegex(@"(?i)(\bbearer\s+)[^\s""',;}\[\]][^\s""',;}\]]*")]
    private static partial Regex BearerPattern();

    [GeneratedRegex(@"(?i)(\b(?:x-)?api[-_]?key[""']?\s*[:=]\s*[""']?)[^\s""',;}\[\]][^\s""',;}\]]*")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{16,}")]
    private static partial Regex SecretKeyPattern();
}
