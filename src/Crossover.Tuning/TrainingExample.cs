namespace Crossover.Tuning;

/// <summary>One training example built from a dataset record.</summary>
/// <param name="Line">The 1-based line (JSONL) or first line (CSV) of the record in the dataset file.</param>
/// <param name="System">The system prompt: the experiment's short instructions.</param>
/// <param name="User">The rendered input template.</param>
/// <param name="Assistant">The expected answer.</param>
/// <param name="Rejected">The dispreferred answer (DPO only; <see cref="Assistant"/> is then the chosen one).</param>
public sealed record TrainingExample(int Line, string System, string User, string Assistant, string? Rejected);
