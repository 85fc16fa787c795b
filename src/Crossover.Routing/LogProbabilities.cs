using Microsoft.Extensions.AI;

namespace Crossover.Routing;

/// <summary>
/// How token log-probabilities travel through a Microsoft.Extensions.AI pipeline and become a confidence: one key, set
/// to <c>true</c> in <see cref="ChatOptions.AdditionalProperties"/> to ask a provider for them, and holding the answer's
/// per-token natural-log probabilities (<c>double[]</c>) in <see cref="ChatResponse.AdditionalProperties"/>.
/// </summary>
public static class LogProbabilities
{
    /// <summary>The key in options (request them) and in the response (the per-token values).</summary>
    public const string Key = "crossover.logprobs";

    /// <summary>The per-token log-probabilities a response carries, or null when the provider returned none.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The values, or null.</returns>
    public static IReadOnlyList<double>? Of(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(Key, out var value) == true && value is IReadOnlyList<double> { Count: > 0 } values ? values : null;
    }

    /// <summary>
    /// The answer's confidence: the geometric mean of its token probabilities, exp(mean log-probability), in (0, 1].
    /// Length-normalised so a long answer is not penalised for having many tokens.
    /// </summary>
    /// <param name="logProbabilities">The answer's per-token log-probabilities.</param>
    /// <returns>The confidence, or null when there are none.</returns>
    public static double? Confidence(IReadOnlyList<double>? logProbabilities) =>
        logProbabilities is null || logProbabilities.Count == 0 ? null : Math.Exp(logProbabilities.Average());

    /// <summary>Copies <paramref name="options"/> (or makes new ones) asking the provider for log-probabilities; the caller's options are not changed.</summary>
    /// <param name="options">The caller's options, or null.</param>
    /// <returns>The copy.</returns>
    public static ChatOptions Request(ChatOptions? options)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.AdditionalProperties ??= [];
        copy.AdditionalProperties[Key] = true;
        return copy;
    }

    /// <summary>Whether options ask for log-probabilities.</summary>
    /// <param name="options">The options, or null.</param>
    /// <returns>True when requested.</returns>
    public static bool Requested(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out var value) == true && value is true;
}
