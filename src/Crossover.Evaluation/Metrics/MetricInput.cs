using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>One output as the scorer read it, which every per-record metric scores.</summary>
/// <param name="Task">The task (its kind, labels, regex, contains, schema).</param>
/// <param name="Output">The model's raw text.</param>
/// <param name="Answer">The answer part of the output (after <c>Answer:</c>, the <c>answer</c> field, …); empty when none was read.</param>
/// <param name="Parsed">The parsed answer: the label for classification, the answer text otherwise; null when nothing could be read.</param>
/// <param name="Expected">The reference answer.</param>
/// <param name="Compliant">Whether the output parsed and validated in the expected format.</param>
public sealed record MetricInput(TaskSpec Task, string Output, string Answer, string? Parsed, string Expected, bool Compliant)
{
    /// <summary>The field comparison of an extraction answer; null for other task kinds.</summary>
    public FieldMatch? Fields { get; init; }
}
