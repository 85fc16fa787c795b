using Crossover.Evaluation.Results;

namespace Crossover.Evaluation.Curves;

/// <summary>The prompting candidate a learning curve is compared with.</summary>
/// <param name="RunId">The run it was measured in (the curve's own run, or <c>--baseline-run</c>).</param>
/// <param name="Candidate">The candidate's name.</param>
/// <param name="Model">Its model id.</param>
/// <param name="Quality">Its primary metric with its 95 % interval.</param>
public sealed record CurveBaseline(string RunId, string Candidate, string Model, MetricResult Quality);
