namespace Crossover.Evaluation.Metrics;

/// <summary>How an extraction answer's JSON fields compare with the reference's (read once per output by the scorer).</summary>
/// <param name="SchemaValid">Whether the answer is JSON that satisfies the task's outputSchema.</param>
/// <param name="Precision">Share of the answer's "path=value" fields that are in the reference.</param>
/// <param name="Recall">Share of the reference's fields that are in the answer.</param>
public sealed record FieldMatch(bool SchemaValid, double Precision, double Recall);
