namespace Crossover.Core.Input;

/// <summary>The one check every key read from the environment passes before it goes into a request header.</summary>
public static class ApiKeys
{
    /// <summary>
    /// Returns the key when it can be sent as a header value; a control character (a CR/LF pasted with it, which would
    /// inject a header or crash the request) or a non-ASCII character is an error naming the variable, never the key.
    /// </summary>
    /// <param name="variable">The environment variable it came from.</param>
    /// <param name="key">The key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="InputException">The key holds a control or non-ASCII character.</exception>
    public static string Checked(string variable, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Any(c => char.IsControl(c) || c > '~'))
        {
            throw new InputException($"the key in ${variable} contains a control or non-ASCII character", field: "apiKeyEnv",
                hint: $"set {variable} to the key alone, without a trailing newline or spaces pasted with it");
        }

        return key;
    }
}
