namespace Crossover.Core.Evidence;

/// <summary>Measurements from one evaluation run, naming which candidate stands for which deployment.</summary>
/// <param name="RunId">The run's id in the run store.</param>
/// <param name="Prompted">The candidate that stands for the prompted deployment, when named.</param>
/// <param name="FineTuned">The candidate that stands for the fine-tuned deployment, when named.</param>
/// <param name="Curve">A learning curve's answer to "how much data is enough", when one was measured.</param>
/// <param name="Cascade">A cascade measured end to end, when one was.</param>
public sealed record RunEvidence(string RunId, MeasuredCandidate? Prompted, MeasuredCandidate? FineTuned, CurveEvidence? Curve = null, MeasuredCascade? Cascade = null);
