using Crossover.Evaluation.Results;

namespace Crossover.Evaluation.Curves;

/// <summary>One size on a learning curve.</summary>
/// <param name="Examples">Training examples (a prefix of the same seeded, label-stratified order for every size).</param>
/// <param name="Candidate">The candidate name in the run, <c>curve-N</c>.</param>
/// <param name="Adapter">The LoRA adapter folder trained at this size.</param>
/// <param name="Quality">The primary metric on the test items with its 95 % interval.</param>
/// <param name="Items">Test items answered.</param>
/// <param name="TrainingTokens">Tokens processed in training: every example's prompt and answer tokens, times epochs.</param>
/// <param name="TrainingSeconds">Wall-clock seconds of training.</param>
public sealed record CurvePoint(int Examples, string Candidate, string Adapter, MetricResult Quality, int Items, long TrainingTokens, double TrainingSeconds);
