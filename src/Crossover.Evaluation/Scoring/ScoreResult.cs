namespace Crossover.Evaluation.Scoring;

/// <summary>What a scorer made of one output: the parsed answer, whether it complied with the format, and per-metric scores in [0, 1].</summary>
/// <param name="Parsed">The answer the scorer read (a label, JSON, or text), or null when nothing could be read.</param>
/// <param name="Compliant">Whether the output parsed and validated in the expected format.</param>
/// <param name="Scores">Per-record metric scores (aggregate metrics like macro-F1 and consistency are computed over records).</param>
/// <param name="Diagnostic">Why the output did not comply, when it did not.</param>
public sealed record ScoreResult(string? Parsed, bool Compliant, IReadOnlyDictionary<string, double> Scores, string? Diagnostic);
