using Crossover.Reports.Charts;

namespace Crossover.Reports.Writers;

/// <summary>
/// The vocabulary sections write in. Each output format implements it, so a section is written once and renders
/// as HTML and as Markdown; every string passed in is plain text that the writer escapes for its format.
/// </summary>
internal interface IReportWriter
{
    void BeginSection(string id, string title);

    void EndSection();

    void Verdict(Verdict verdict);

    void Subheading(string text);

    void Paragraph(string text);

    void Note(string text);

    void Figures(IReadOnlyList<KeyFigure> figures);

    void List(IReadOnlyList<ListItem> items, bool ordered);

    void Table(ReportTable table);

    void Chart(ChartImage chart);

    void Preformatted(string text);
}
