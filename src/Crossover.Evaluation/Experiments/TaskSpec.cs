namespace Crossover.Evaluation.Experiments;

/// <summary>What the model must do.</summary>
/// <param name="Kind">The task kind.</param>
/// <param name="Instructions">The system instructions.</param>
/// <param name="Input">The user-message template with <c>{{field}}</c> placeholders.</param>
/// <param name="Labels">The allowed labels (classification).</param>
/// <param name="OutputSchema">The JSON Schema text the answer must satisfy (extraction), when given.</param>
/// <param name="Regex">A pattern every output must match (metric <c>regex</c>), when given.</param>
/// <param name="Contains">Text every output must contain (metric <c>contains</c>), when given.</param>
public sealed record TaskSpec(TaskKind Kind, string Instructions, string Input, IReadOnlyList<string> Labels, string? OutputSchema, string? Regex, string? Contains);
