using Crossover.Routing;

namespace Crossover.Evaluation.Prompts;

/// <summary>The scorer's text normalization (<see cref="AnswerText"/>, shared with the cascade middleware) and its tokens, as exact match and token F1 use them.</summary>
internal static class TextNormalizer
{
    public static string Normalize(string text) => AnswerText.Normalize(text);

    public static IEnumerable<string> Tokens(string text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
