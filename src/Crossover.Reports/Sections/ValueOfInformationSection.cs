using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>What each uncertain input is worth knowing before deciding, and the measurement that would settle it.</summary>
internal sealed class ValueOfInformationSection : IReportSection
{
    public string Id => "value-of-information";

    public string Title => "What to measure next";

    public bool AppliesTo(ReportContext context) => context.Decision.ValueOfInformation.Count > 0;

    public void Write(ReportContext context, IReportWriter writer)
    {
        var decision = context.Decision;
        writer.Paragraph($"Expected value of perfect information over {decision.Economics.HorizonMonths} months: what deciding now is expected to cost "
            + "against knowing the input exactly. A measurement is worth paying for when it costs less than this and could change the answer.");
        var rows = decision.ValueOfInformation.Select(v => (IReadOnlyList<Cell>)
        [
            v.Input,
            Format.Usd(v.EvpiUsd),
            v.CouldChangeAnswer ? new Cell("yes", Tone.Warning) : new Cell("no", Tone.Neutral),
            v.Measurement,
            v.MeasurementCostUsd is { } cost ? Format.Usd(cost) : "—",
        ]).ToList();
        writer.Table(new ReportTable(["Input", "Worth knowing (EVPI)", "Could change the answer", "Measurement", "Its cost"], rows, new HashSet<int> { 1, 4 }));
    }
}
