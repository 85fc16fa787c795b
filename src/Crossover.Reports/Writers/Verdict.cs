namespace Crossover.Reports.Writers;

/// <summary>The answer as the page opens with it.</summary>
/// <param name="Label">The recommendation as a person says it.</param>
/// <param name="MachineValue">The same as <c>decide --format json</c> spells it (kept in the page for tools and tests).</param>
/// <param name="Summary">One sentence.</param>
/// <param name="Tags">Short qualifiers: hybrid pattern, retrieval, tuning method.</param>
/// <param name="Tone">The colour of the answer.</param>
internal sealed record Verdict(string Label, string MachineValue, string Summary, IReadOnlyList<string> Tags, Tone Tone);
