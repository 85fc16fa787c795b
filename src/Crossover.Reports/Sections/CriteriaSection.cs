using Crossover.Core.Decisions;
using Crossover.Core.Input;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>Every rule the decision evaluated, strongest first, with where it comes from.</summary>
internal sealed class CriteriaSection : IReportSection
{
    public string Id => "criteria";

    public string Title => "Every criterion";

    public bool AppliesTo(ReportContext context) => context.Decision.Criteria.Count > 0;

    public void Write(ReportContext context, IReportWriter writer)
    {
        var decision = context.Decision;
        writer.Paragraph("Each rule of the framework, the way it points for this use case, how strongly a reader would weigh it (0 = not at all, 1 = decisive on its own) and how it entered the decision: as a prior on an option's feasibility, a constraint that rules options out, a cost, or an explanation only. Rules marked deciding carried the answer.");
        var rows = decision.Criteria.Select(c => (IReadOnlyList<Cell>)
        [
            decision.DecidingCriteria.Contains(c.Id) ? $"{c.Title} (deciding)" : c.Title,
            new Cell(Format.Label(c.Favors), ToneOf(c.Favors)),
            Format.Number(c.Weight),
            Names.Kebab(c.Entered),
            c.Explanation,
            ArticleSources.Describe(c.Source),
        ]).ToList();
        writer.Table(new ReportTable(["Criterion", "Favors", "Weight", "Entered as", "Why", "Source"], rows, new HashSet<int> { 2 }));
    }

    private static Tone ToneOf(Direction direction) => direction switch
    {
        Direction.PromptEngineering => Tone.Prompt,
        Direction.FineTuning => Tone.FineTune,
        Direction.Retrieval => Tone.Retrieval,
        _ => Tone.Neutral,
    };
}
