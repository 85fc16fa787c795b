using System.Globalization;
using System.Text;
using Crossover.Reports.Charts;
using static Crossover.Reports.Writers.HtmlReportWriter;

namespace Crossover.Reports.Writers;

/// <summary>The HTML document around the sections: head, styles, title block, contents, footer.</summary>
internal static class HtmlPage
{
    // No scripts, fonts or images are fetched: the policy forbids every load except inline styles and data: images, so
    // the page behaves the same offline and a field that slipped past escaping still could not run or phone home.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    // Each tone's mark, pill text and pill tint come from the palette, whose contrast the tests check.
    private static readonly string ToneVariables = string.Join(" ", Palette.Tones.Select(t => $"--{t.Name}: {t.Mark}; --{t.Name}-text: {t.Text}; --{t.Name}-tint: {t.Tint};"));

    private static readonly string PillRules = string.Join("\n        ", Palette.Tones.Select(t => $".pill.tone-{t.Name} {{ color: var(--{t.Name}-text); background: var(--{t.Name}-tint); }}"));

    private static readonly string Styles = $$"""
        :root { --ink: {{Palette.Ink}}; --muted: {{Palette.Muted}}; --line: {{Palette.Line}}; --bg: {{Palette.PageBackground}}; --card: {{Palette.Card}};
          {{ToneVariables}} }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.5;
          font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; }
        main { max-width: 1000px; margin: 0 auto; padding: 28px 18px 40px; }
        header.top { margin-bottom: 18px; }
        .brand { margin: 0; font-size: .8rem; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
        h1 { margin: 4px 0 6px; font-size: 2rem; line-height: 1.2; overflow-wrap: anywhere; }
        .description { margin: 0 0 8px; color: var(--muted); max-width: 70ch; overflow-wrap: anywhere; }
        .meta { margin: 0; font-size: .85rem; color: var(--muted); }
        nav.toc { display: flex; flex-wrap: wrap; gap: 6px; margin: 14px 0 0; padding: 0; list-style: none; }
        nav.toc a { display: inline-block; padding: 4px 12px; border-radius: 999px; background: var(--card); border: 1px solid var(--line);
          color: var(--ink); text-decoration: none; font-size: .85rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 22px 24px; margin: 0 0 18px;
          box-shadow: 0 1px 2px rgba(20, 30, 50, .04); }
        h2 { margin: 0 0 14px; font-size: 1.3rem; }
        h3 { margin: 22px 0 8px; font-size: 1.02rem; }
        p { margin: 0 0 10px; }
        .note { color: var(--muted); font-size: .9rem; }
        .verdict { border-left: 6px solid var(--neutral); padding: 4px 0 4px 18px; margin-bottom: 18px; }
        .verdict.tone-prompt { border-color: var(--prompt); } .verdict.tone-finetune { border-color: var(--finetune); }
        .verdict.tone-hybrid { border-color: var(--hybrid); } .verdict.tone-hybrid .verdict-answer { color: var(--hybrid); }
        .verdict-kicker { margin: 0; font-size: .78rem; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
        .verdict-answer { margin: 2px 0 8px; font-size: 2.1rem; font-weight: 700; line-height: 1.15; }
        .verdict.tone-prompt .verdict-answer { color: var(--prompt); } .verdict.tone-finetune .verdict-answer { color: var(--finetune); }
        .verdict-summary { font-size: 1.08rem; max-width: 75ch; margin: 0; }
        .tags { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; margin: 0 0 10px; padding: 0; }
        .tags li { background: var(--neutral-tint); color: var(--ink); border-radius: 999px; padding: 2px 11px; font-size: .85rem; }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; margin: 4px 0 14px; }
        .figure { border: 1px solid var(--line); border-top: 4px solid var(--neutral); border-radius: 10px; padding: 10px 14px; display: flex; flex-direction: column; }
        .figure.tone-prompt { border-top-color: var(--prompt); } .figure.tone-finetune { border-top-color: var(--finetune); }
        .figure.tone-retrieval { border-top-color: var(--retrieval); } .figure.tone-good { border-top-color: var(--good); }
        .figure.tone-warning { border-top-color: var(--warning); } .figure.tone-none { border-top-color: var(--line); }
        .figure-label { font-size: .8rem; color: var(--muted); }
        .figure-value { font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        .figure-detail { font-size: .8rem; color: var(--muted); }
        .items { margin: 0 0 12px; padding-left: 1.3em; } .items li { margin: 0 0 6px; }
        .table-wrap { overflow-x: auto; margin: 0 0 14px; }
        table { width: 100%; border-collapse: collapse; font-size: .9rem; }
        th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
        th { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: {{Palette.TableHeader}}; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .pill { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: .8rem; font-weight: 600; white-space: nowrap; }
        {{PillRules}}
        figure.chart { margin: 8px 0 22px; }
        figure.chart svg { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 10px; }
        .chart-narrow { display: none; }
        .table-wrap:focus-visible, summary:focus-visible, nav.toc a:focus-visible { outline: 3px solid var(--prompt); outline-offset: 2px; }
        details.chart-data { margin: -14px 0 22px; font-size: .88rem; }
        details.chart-data summary { cursor: pointer; color: var(--prompt-text); }
        details.chart-data .table-wrap { margin-top: 8px; }
        figcaption { font-size: .88rem; color: var(--muted); margin-top: 6px; }
        figcaption strong { color: var(--ink); }
        .chart-grid { display: grid; grid-template-columns: 1fr; gap: 0 18px; }
        @media (min-width: 800px) { pre { column-count: 2; column-gap: 28px; } }
        pre { background: #f7f8fa; border: 1px solid var(--line); border-radius: 8px; padding: 12px; overflow-x: auto; font-size: .82rem; white-space: pre-wrap; overflow-wrap: anywhere; }
        footer { color: var(--muted); font-size: .8rem; text-align: center; margin-top: 24px; }
        @media (max-width: 600px) {
          main { padding: 16px 10px 28px; } h1 { font-size: 1.55rem; } .card { padding: 16px 14px; border-radius: 10px; }
          .verdict-answer { font-size: 1.6rem; } th, td { padding: 6px 6px; }
          .figures { grid-template-columns: repeat(2, minmax(0, 1fr)); } .figure-value { font-size: 1.15rem; }
          .table-wrap table, .table-wrap tbody, .table-wrap tr, .table-wrap td { display: block; width: 100%; }
          .table-wrap thead { display: none; }
          .table-wrap tr { border-bottom: 1px solid var(--line); padding: 8px 0; }
          .table-wrap td { border: none; padding: 2px 0; text-align: left; white-space: normal; }
          .table-wrap td:first-child { font-weight: 600; }
          .table-wrap td:not(:first-child)::before { content: attr(data-label); display: block; font-size: .72rem; color: var(--muted);
            text-transform: uppercase; letter-spacing: .04em; }
          .chart-wide { display: none; } .chart-narrow { display: block; }
        }
        @media print {
          body { background: #fff; font-size: 11pt; } main { max-width: none; padding: 0; } nav.toc { display: none; }
          .card { box-shadow: none; border: none; border-top: 1px solid var(--line); border-radius: 0; padding: 12px 0; }
          figure.chart, .figures, .verdict, tr { break-inside: avoid; } h2, h3 { break-after: avoid; }
          .table-wrap { overflow: visible; }
          th, td { overflow-wrap: anywhere; padding: 5px 6px; } .pill { white-space: normal; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """;

    public static string Build(ReportContext context, HtmlReportWriter writer)
    {
        var profile = context.Decision.Profile;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"Crossover ").Append(E(context.ToolVersion)).Append("\">\n")
            .Append("<title>").Append(E(profile.Name)).Append(" — Crossover decision report</title>\n")
            .Append("<style>\n").Append(Styles).Append("\n</style>\n</head>\n<body>\n<main>\n")
            .Append("<header class=\"top\">\n<p class=\"brand\">Crossover decision report</p>\n")
            .Append("<h1 id=\"profile-name\">").Append(E(profile.Name)).Append("</h1>\n");
        if (!string.IsNullOrWhiteSpace(profile.Description))
        {
            html.Append("<p class=\"description\" id=\"profile-description\">").Append(E(profile.Description)).Append("</p>\n");
        }

        html.Append("<p class=\"meta\">").Append(E(MetaLine(context))).Append("</p>\n<nav class=\"toc\" aria-label=\"Contents\">");
        foreach (var (id, title) in writer.Sections)
        {
            html.Append("<a href=\"#").Append(E(id)).Append("\">").Append(E(title)).Append("</a>");
        }

        html.Append("</nav>\n</header>\n").Append(writer.Body)
            .Append("<footer>Made by Crossover ").Append(E(context.ToolVersion))
            .Append(". Every figure is reproducible: run <code>crossover decide</code> on the same profile and catalog.</footer>\n")
            .Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static string MetaLine(ReportContext context) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Generated {context.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC · prices of {context.Decision.CatalogDate:yyyy-MM-dd} · Crossover {context.ToolVersion}");
}
