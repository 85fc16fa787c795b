using Crossover.Core.Decisions;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>Every option the decision weighed: its cost over the horizon, lead time, feasibility and why any was ruled out.</summary>
internal sealed class OptionsSection : IReportSection
{
    public string Id => "options";

    public string Title => "Options and feasibility";

    public bool AppliesTo(ReportContext context) => context.Decision.Options.Count > 0;

    public void Write(ReportContext context, IReportWriter writer)
    {
        var decision = context.Decision;
        var horizon = decision.Economics.HorizonMonths;
        writer.Paragraph($"The answer is the cheapest option over {horizon} months among those that meet every bar (quality, format, style, latency) "
            + $"with probability of at least {Format.Percent(decision.FeasibilityThreshold)}. Quality measured on counted items is a posterior; "
            + "values marked assumed are documented priors (docs/decision.md), not measurements.");
        var rows = decision.Options.Select(o => (IReadOnlyList<Cell>)
        [
            o.Kind == decision.RecommendedOption ? $"{o.Title} (recommended)" : o.Title,
            o.Cost is { } cost ? Format.Usd(cost.TotalUsd) : "—",
            o.Cost is { } c ? Format.Usd(c.CostPerRequestUsd) : "—",
            o.Cost is { } lead ? Format.Number(lead.LeadTimeMonths, 1) : "—",
            o.ExcludedBecause is null ? Format.Percent(o.FeasibilityProbability) : "—",
            o.ExcludedBecause is null && decision.Uncertainty is { MonteCarlo.Draws: > 0 } ? Format.Percent(o.ProbabilityBest) : "—",
            Status(o),
            o.ExcludedBecause ?? o.InfeasibleBecause ?? string.Join("; ", o.Checks.Select(c => c.Explanation)),
        ]).ToList();
        writer.Table(new ReportTable(
            ["Option", $"Cost over {horizon} months", "Per request", "Lead time (months)", "P(feasible)", "P(best)", "Status", "Why"], rows, new HashSet<int> { 1, 2, 3, 4, 5 }));
        var assumed = decision.Options.SelectMany(o => o.Checks).Where(c => c.Basis == BeliefBasis.Assumed).DistinctBy(c => c.Belief).ToList();
        if (assumed.Count > 0)
        {
            writer.Note("Assumed: " + string.Join("; ", assumed.Select(c => $"{c.Belief} ({c.Source})")) + ". Measure them to replace the prior.");
        }
    }

    private static Cell Status(DecisionOption option) => option switch
    {
        { ExcludedBecause: not null } => new Cell("ruled out", Tone.Neutral),
        { Feasible: true } => new Cell("feasible", Tone.Good),
        _ => new Cell("not feasible", Tone.Warning),
    };
}
