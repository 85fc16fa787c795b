using System.Text;

namespace Crossover.Evaluation.Prompts;

/// <summary>Lower-cases, strips punctuation and collapses whitespace, the normalization exact match and token F1 use (as in SQuAD's evaluation script).</summary>
internal static class TextNormalizer
{
    public static string Normalize(string text)
    {
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

    public static IEnumerable<string> Tokens(string text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
