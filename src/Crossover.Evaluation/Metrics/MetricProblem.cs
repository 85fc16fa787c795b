namespace Crossover.Evaluation.Metrics;

/// <summary>Why a metric cannot be measured in an experiment, and what to change.</summary>
/// <param name="Problem">What is missing, e.g. "consistency needs repeats of 2 or more".</param>
/// <param name="Hint">How to fix it.</param>
public sealed record MetricProblem(string Problem, string Hint);
