using Crossover.Reports.Charts;
using Spectre.Console;

namespace Crossover.Reports.Writers;

/// <summary>
/// Writes sections to a console with Spectre.Console: what <c>crossover decide</c> prints. Tables keep their columns and
/// lay out in the console's width; charts are left out, because the table beside each chart carries its numbers.
/// </summary>
/// <param name="console">Where to write; its width decides how tables wrap.</param>
internal sealed class ConsoleReportWriter(IAnsiConsole console) : IReportWriter
{
    public void BeginSection(string id, string title)
    {
        console.WriteLine();
        console.MarkupLine($"[bold underline]{Markup.Escape(title)}[/]");
    }

    // A section ends where the next heading starts, so there is nothing to close.
    public void EndSection()
    {
    }

    public void Verdict(Verdict verdict)
    {
        var lines = new List<string> { $"[bold]{Markup.Escape(verdict.Label)}[/]" };
        if (verdict.Tags.Count > 0)
        {
            lines.Add(Markup.Escape(string.Join(" · ", verdict.Tags)));
        }

        lines.Add(Markup.Escape(verdict.Summary));
        console.Write(new Panel(new Markup(string.Join('\n', lines))).Header("Recommendation"));
    }

    public void Subheading(string text) => console.MarkupLine($"[bold]{Markup.Escape(text)}[/]");

    public void Paragraph(string text)
    {
        console.Write(new Text(text));
        console.WriteLine();
    }

    public void Note(string text) => console.MarkupLine($"[italic]{Markup.Escape(text)}[/]");

    public void Figures(IReadOnlyList<KeyFigure> figures) =>
        List(figures.Select(f => new ListItem(f.Label + ":", f.Detail is null ? f.Value : $"{f.Value} ({f.Detail})")).ToList(), ordered: false);

    public void List(IReadOnlyList<ListItem> items, bool ordered)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var bullet = ordered ? $"{i + 1}." : "•";
            var lead = items[i].Lead is { } text ? $"[bold]{Markup.Escape(text)}[/] " : string.Empty;
            console.MarkupLine($"{bullet} {lead}{Markup.Escape(items[i].Text)}");
        }
    }

    public void Table(ReportTable table)
    {
        var rendered = new Table();
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var column = new TableColumn(Markup.Escape(table.Headers[i]));
            rendered.AddColumn(table.NumericColumns.Contains(i) ? column.RightAligned() : column);
        }

        foreach (var row in table.Rows)
        {
            rendered.AddRow(row.Select(c => Markup.Escape(c.Text)).ToArray());
        }

        console.Write(rendered);
    }

    // A console shows no images; the table each chart stands beside carries the same numbers.
    public void Chart(ChartImage chart)
    {
    }

    public void Preformatted(string text) => console.Write(new Text(text.TrimEnd('\n') + "\n"));
}
