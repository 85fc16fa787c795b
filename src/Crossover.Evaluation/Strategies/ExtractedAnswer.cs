namespace Crossover.Evaluation.Strategies;

/// <summary>The answer part of a model's output, as a strategy reads it.</summary>
/// <param name="Answer">The answer text the metrics score (the whole trimmed output when the strategy's shape is missing).</param>
/// <param name="Compliant">Whether the output had the shape the strategy asked for.</param>
/// <param name="Diagnostic">Why it did not, or null.</param>
public sealed record ExtractedAnswer(string? Answer, bool Compliant, string? Diagnostic)
{
    /// <summary>The whole output, trimmed, as a compliant answer: for strategies whose output is the answer alone.</summary>
    /// <param name="output">The model's output.</param>
    /// <returns>The answer.</returns>
    public static ExtractedAnswer Whole(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new(output.Trim(), true, null);
    }
}
