using System.Net;
using System.Text;
using Crossover.Reports.Charts;

namespace Crossover.Reports.Writers;

/// <summary>Writes sections as GitHub-flavoured Markdown; each chart becomes an SVG file linked from the text.</summary>
/// <param name="chartPrefix">
/// Prepended to each chart's name to make its file name, e.g. <c>report-</c>; null leaves charts out (text with no files
/// beside it, e.g. on stdout), the table beside each chart carrying its numbers.
/// </param>
internal sealed class MarkdownReportWriter(string? chartPrefix) : IReportWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<ReportFile> _charts = [];

    public string Text => _text.ToString();

    public IReadOnlyList<ReportFile> Charts => _charts;

    public void BeginSection(string id, string title) => _text.Append("## ").Append(Escape(title)).Append("\n\n");

    // A Markdown section ends where the next heading starts, so there is nothing to close.
    public void EndSection()
    {
    }

    public void Verdict(Verdict verdict)
    {
        _text.Append("**Recommendation: ").Append(Escape(verdict.Label)).Append("**\n\n");
        if (verdict.Tags.Count > 0)
        {
            _text.Append(string.Join(" · ", verdict.Tags.Select(Escape))).Append("\n\n");
        }

        _text.Append("> ").Append(Escape(verdict.Summary)).Append("\n\n");
    }

    public void Subheading(string text) => _text.Append("### ").Append(Escape(text)).Append("\n\n");

    public void Paragraph(string text) => _text.Append(Escape(text)).Append("\n\n");

    public void Note(string text) => _text.Append('_').Append(Escape(text)).Append("_\n\n");

    public void Figures(IReadOnlyList<KeyFigure> figures) =>
        List(figures.Select(f => new ListItem(f.Label + ":", f.Detail is null ? f.Value : $"{f.Value} ({f.Detail})")).ToList(), ordered: false);

    public void List(IReadOnlyList<ListItem> items, bool ordered)
    {
        for (var i = 0; i < items.Count; i++)
        {
            _text.Append(ordered ? $"{i + 1}. " : "- ");
            if (items[i].Lead is { } lead)
            {
                _text.Append("**").Append(Escape(lead)).Append("** ");
            }

            _text.Append(Escape(items[i].Text)).Append('\n');
        }

        _text.Append('\n');
    }

    public void Table(ReportTable table)
    {
        _text.Append("| ").Append(string.Join(" | ", table.Headers.Select(Escape))).Append(" |\n|");
        for (var i = 0; i < table.Headers.Count; i++)
        {
            _text.Append(table.NumericColumns.Contains(i) ? " ---: |" : " --- |");
        }

        _text.Append('\n');
        foreach (var row in table.Rows)
        {
            _text.Append("| ").Append(string.Join(" | ", row.Select(c => Escape(c.Text)))).Append(" |\n");
        }

        _text.Append('\n');
    }

    public void Chart(ChartImage chart)
    {
        if (chartPrefix is null)
        {
            return;
        }

        var file = chartPrefix + chart.Name + ".svg";
        _charts.Add(new ReportFile(file, chart.Svg));
        _text.Append("![").Append(Escape(chart.Title)).Append("](").Append(Uri.EscapeDataString(file)).Append(")\n\n")
            .Append('*').Append(Escape(chart.Title)).Append("* ").Append(Escape(chart.Caption)).Append("\n\n");

        // The numbers behind the chart, folded as on the HTML page, for readers who cannot see the image or want the
        // figures; GitHub and most renderers show Markdown inside <details> when blank lines surround it.
        _text.Append("<details><summary>The numbers behind “").Append(WebUtility.HtmlEncode(chart.Title.TrimEnd('.'))).Append("”</summary>\n\n");
        Table(chart.Data);
        _text.Append("</details>\n\n");
    }

    public void Preformatted(string text)
    {
        // A fence longer than any backtick run inside keeps the text verbatim, whatever it holds.
        var longestRun = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }

        var fence = new string('`', Math.Max(3, longestRun + 1));
        _text.Append(fence).Append('\n').Append(text.TrimEnd('\n')).Append('\n').Append(fence).Append("\n\n");
    }

    /// <summary>Escapes Markdown syntax and raw HTML so data reads as text: <c>&lt;script&gt;</c> shows, it never runs.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#':
                    escaped.Append('\\').Append(c);
                    break;
                case '\r' or '\n':
                    escaped.Append(' ');
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }
}
