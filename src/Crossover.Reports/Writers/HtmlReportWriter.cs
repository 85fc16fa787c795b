using System.Net;
using System.Text;
using Crossover.Reports.Charts;

namespace Crossover.Reports.Writers;

/// <summary>Writes sections as HTML fragments; <see cref="HtmlPage"/> wraps them in the document.</summary>
internal sealed class HtmlReportWriter : IReportWriter
{
    private readonly StringBuilder _body = new();
    private readonly List<(string Id, string Title)> _sections = [];

    public string Body => _body.ToString();

    public IReadOnlyList<(string Id, string Title)> Sections => _sections;

    public void BeginSection(string id, string title)
    {
        _sections.Add((id, title));
        _body.Append("<section id=\"").Append(E(id)).Append("\" class=\"card\">\n<h2>").Append(E(title)).Append("</h2>\n");
    }

    public void EndSection() => _body.Append("</section>\n");

    public void Verdict(Verdict verdict)
    {
        _body.Append("<div class=\"verdict ").Append(ToneClass(verdict.Tone)).Append("\">\n")
            .Append("<p class=\"verdict-kicker\">Recommendation</p>\n")
            .Append("<p class=\"verdict-answer\" id=\"recommendation\" data-recommendation=\"").Append(E(verdict.MachineValue)).Append("\">")
            .Append(E(verdict.Label)).Append("</p>\n");
        if (verdict.Tags.Count > 0)
        {
            _body.Append("<ul class=\"tags\">");
            foreach (var tag in verdict.Tags)
            {
                _body.Append("<li>").Append(E(tag)).Append("</li>");
            }

            _body.Append("</ul>\n");
        }

        _body.Append("<p class=\"verdict-summary\">").Append(E(verdict.Summary)).Append("</p>\n</div>\n");
    }

    public void Subheading(string text) => _body.Append("<h3>").Append(E(text)).Append("</h3>\n");

    public void Paragraph(string text) => _body.Append("<p>").Append(E(text)).Append("</p>\n");

    public void Note(string text) => _body.Append("<p class=\"note\">").Append(E(text)).Append("</p>\n");

    public void Figures(IReadOnlyList<KeyFigure> figures)
    {
        _body.Append("<div class=\"figures\">\n");
        foreach (var figure in figures)
        {
            _body.Append("<div class=\"figure ").Append(ToneClass(figure.Tone)).Append("\"><span class=\"figure-label\">").Append(E(figure.Label))
                .Append("</span><span class=\"figure-value\">").Append(E(figure.Value)).Append("</span>");
            if (figure.Detail is not null)
            {
                _body.Append("<span class=\"figure-detail\">").Append(E(figure.Detail)).Append("</span>");
            }

            _body.Append("</div>\n");
        }

        _body.Append("</div>\n");
    }

    public void List(IReadOnlyList<ListItem> items, bool ordered)
    {
        var tag = ordered ? "ol" : "ul";
        _body.Append('<').Append(tag).Append(" class=\"items\">\n");
        foreach (var item in items)
        {
            _body.Append("<li>");
            if (item.Lead is not null)
            {
                _body.Append("<strong>").Append(E(item.Lead)).Append("</strong> ");
            }

            _body.Append(E(item.Text)).Append("</li>\n");
        }

        _body.Append("</").Append(tag).Append(">\n");
    }

    public void Table(ReportTable table)
    {
        // A wide table scrolls inside its card; a keyboard reaches the scroll region by Tab, and a screen reader names it.
        _body.Append("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table: ").Append(E(string.Join(", ", table.Headers))).Append("\"><table>\n<thead><tr>");
        for (var i = 0; i < table.Headers.Count; i++)
        {
            _body.Append("<th scope=\"col\"").Append(table.NumericColumns.Contains(i) ? " class=\"num\"" : "").Append('>').Append(E(table.Headers[i])).Append("</th>");
        }

        _body.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            _body.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                var cell = row[i];
                // The header travels with each cell so a phone can show the table as one card per row.
                _body.Append("<td").Append(table.NumericColumns.Contains(i) ? " class=\"num\"" : "")
                    .Append(" data-label=\"").Append(E(i < table.Headers.Count ? table.Headers[i] : "")).Append("\">");
                if (cell.Tone == Tone.None)
                {
                    _body.Append(E(cell.Text));
                }
                else
                {
                    _body.Append("<span class=\"pill ").Append(ToneClass(cell.Tone)).Append("\">").Append(E(cell.Text)).Append("</span>");
                }

                _body.Append("</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</tbody>\n</table></div>\n");
    }

    public void Chart(ChartImage chart)
    {
        // The SVGs are inserted as markup, not escaped: they come from ScottPlot, which escapes the text it draws (model
        // names included). Both layouts are in the page and CSS shows the one that fits the screen, so a phone gets a
        // chart drawn for its width rather than a wide one shrunk to unreadable text.
        var id = "chart-" + chart.Name;
        _body.Append("<figure class=\"chart\" id=\"").Append(E(id)).Append("\" data-chart=\"").Append(E(chart.Name)).Append("\">\n")
            .Append("<div class=\"chart-wide\">").Append(chart.Svg).Append("</div>\n")
            .Append("<div class=\"chart-narrow\">").Append(chart.NarrowSvg).Append("</div>\n")
            .Append("<figcaption id=\"").Append(E(id)).Append("-caption\"><strong>").Append(E(chart.Title)).Append("</strong> ").Append(E(chart.Caption)).Append("</figcaption>\n</figure>\n")
            .Append("<details class=\"chart-data\" id=\"").Append(E(id)).Append("-data\"><summary>The numbers behind “").Append(E(chart.Title.TrimEnd('.'))).Append("”</summary>\n");
        Table(chart.Data);
        _body.Append("</details>\n");
    }

    public void Preformatted(string text) => _body.Append("<pre>").Append(E(text)).Append("</pre>\n");

    public static string E(string text) => WebUtility.HtmlEncode(text);

    public static string ToneClass(Tone tone) => tone switch
    {
        Tone.Prompt => "tone-prompt",
        Tone.FineTune => "tone-finetune",
        Tone.Hybrid => "tone-hybrid",
        Tone.Retrieval => "tone-retrieval",
        Tone.Neutral => "tone-neutral",
        Tone.Good => "tone-good",
        Tone.Warning => "tone-warning",
        _ => "tone-none",
    };
}
