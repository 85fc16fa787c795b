namespace Crossover.Evaluation.Running;

/// <summary>A server's answer reported token counts that cannot be real; the call is recorded as an error with this reason.</summary>
/// <param name="message">What was wrong.</param>
public sealed class InvalidUsageException(string message) : Exception(message);
