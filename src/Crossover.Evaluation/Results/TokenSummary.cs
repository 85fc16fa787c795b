namespace Crossover.Evaluation.Results;

/// <summary>Mean tokens per request: as the provider billed them, and as counted by part of the prompt.</summary>
/// <param name="Input">Prompt tokens per request (cached included), as reported by the provider.</param>
/// <param name="Cached">Cached prompt tokens per request.</param>
/// <param name="Output">Output tokens per request.</param>
/// <param name="Instructions">Counted tokens of the system instructions.</param>
/// <param name="Examples">Counted tokens of the few-shot demonstrations.</param>
/// <param name="ItemInput">Counted tokens of the item's own input.</param>
public sealed record TokenSummary(double Input, double Cached, double Output, double Instructions, double Examples, double ItemInput);
