using System.Collections;
using System.Text.RegularExpressions;

namespace Crossover.Evaluation.Running;

/// <summary>
/// Removes secrets from text before it is stored or printed (a record's error, a job's error, a command's error line):
/// the value of every environment variable that holds a key (name ending in KEY, TOKEN, SECRET or PASSWORD), and
/// anything written as a bearer token or an api-key header. A server that echoes the request's headers in its error
/// body then leaks nothing.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "[redacted]";

    /// <summary>The text with every known secret masked.</summary>
    /// <param name="text">Text that may contain secrets.</param>
    /// <returns>The masked text.</returns>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable is { Key: string name, Value: string value } && value.Trim().Length >= 8 && IsSecretName(name))
            {
                text = text.Replace(value.Trim(), Mask, StringComparison.Ordinal);
            }
        }

        text = Bearer().Replace(text, "${prefix}" + Mask);
        return ApiKeyHeader().Replace(text, "${prefix}" + Mask);
    }

    private static bool IsSecretName(string name) =>
        name.EndsWith("KEY", StringComparison.OrdinalIgnoreCase) || name.EndsWith("TOKEN", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("SECRET", StringComparison.OrdinalIgnoreCase) || name.EndsWith("PASSWORD", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?<prefix>\bBearer\s+)[^\s""',;}\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"(?<prefix>\b(?:x-)?api[-_]?key[""']?\s*[:=]\s*[""']?)[^\s""',;}\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex ApiKeyHeader();
}
