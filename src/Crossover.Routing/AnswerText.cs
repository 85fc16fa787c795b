using System.Text;

namespace Crossover.Routing;

/// <summary>
/// How an answer is compared with a label or with another answer: lower case, punctuation and runs of spaces collapsed to
/// one space (SQuAD's evaluation normalization). It lives here, in the library applications take, so a cascade's gates in
/// production agree exactly with Crossover's scorer, which uses it too.
/// </summary>
public static class AnswerText
{
    /// <summary>The normalized form of <paramref name="text"/>.</summary>
    /// <param name="text">An answer or a label.</param>
    /// <returns>The normalized text.</returns>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(c);
                space = false;
            }
            else if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c))
            {
                space = true;
            }
        }

        return builder.ToString();
    }
}
