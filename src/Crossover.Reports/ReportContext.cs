using Crossover.Core.Decisions;

namespace Crossover.Reports;

/// <summary>What a report shows: the decision, plus the facts about how it was made that the decision itself does not carry.</summary>
/// <param name="Decision">The output of <c>crossover decide</c>.</param>
/// <param name="ToolVersion">The Crossover version that produced the decision.</param>
/// <param name="GeneratedAt">When the report was made (from a <see cref="TimeProvider"/>).</param>
/// <param name="ProfilePath">The profile file read, when the decision came from one.</param>
public sealed record ReportContext(DecisionReport Decision, string ToolVersion, DateTimeOffset GeneratedAt, string? ProfilePath);
