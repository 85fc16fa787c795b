using Crossover.Core.Decisions;
using Crossover.Evaluation.Cascades;
using Crossover.Evaluation.Curves;
using Crossover.Evaluation.Results;

namespace Crossover.Reports;

/// <summary>What a report shows: the decision, plus the facts about how it was made that the decision itself does not carry.</summary>
/// <param name="Decision">The output of <c>crossover decide</c>.</param>
/// <param name="ToolVersion">The Crossover version that produced the decision.</param>
/// <param name="GeneratedAt">When the report was made (from a <see cref="TimeProvider"/>).</param>
/// <param name="ProfilePath">The profile file read, when the decision came from one.</param>
/// <param name="Run">The evaluation run shown as evidence (every candidate, metric and comparison), when one is given.</param>
/// <param name="Curve">The learning curve (<c>crossover tune curve</c>) shown as how much data fine-tuning needs, when one is given.</param>
/// <param name="Jobs">Fine-tuning jobs (<c>crossover tune start</c>) shown with their status and cost, when asked for.</param>
public sealed record ReportContext(
    DecisionReport Decision, string ToolVersion, DateTimeOffset GeneratedAt, string? ProfilePath, RunReport? Run = null, LearningCurve? Curve = null, IReadOnlyList<JobSummary>? Jobs = null)
{
    /// <summary>The run's cascade analysis (<c>crossover cascade RUN</c>), shown with its frontier when the run has one.</summary>
    public CascadeAnalysis? Cascades { get; init; }

    /// <summary>Prompted candidates that <c>crossover optimize</c> added to the run's experiment, labelled where the report names them.</summary>
    public IReadOnlyList<Evaluation.Optimization.OptimizedPrompt> Optimized { get; init; } = [];
}
