using System.Text;
using Crossover.Core.Decisions;
using Crossover.Core.Input;
using Crossover.Reports.Sections;
using Crossover.Reports.Writers;
using Spectre.Console;

namespace Crossover.Reports;

/// <summary>Renders a decision as a report people can read, forward and print (docs/report.md).</summary>
public static class ReportRenderer
{
    /// <summary>One self-contained HTML page: styles and charts inline, no scripts, nothing loaded at view time.</summary>
    /// <param name="context">The decision and its provenance.</param>
    /// <returns>The HTML document.</returns>
    public static string RenderHtml(ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var writer = new HtmlReportWriter();
        WriteSections(context, ReportSections.All, writer);
        return HtmlPage.Build(context, writer);
    }

    /// <summary>The report as Markdown, with each chart as an SVG file to be written next to it.</summary>
    /// <param name="context">The decision and its provenance.</param>
    /// <param name="chartPrefix">Prepended to each chart file's name, e.g. <c>report-</c>.</param>
    /// <returns>The Markdown text and the chart files it links.</returns>
    public static MarkdownReport RenderMarkdown(ReportContext context, string chartPrefix)
    {
        ArgumentNullException.ThrowIfNull(context);
        var writer = new MarkdownReportWriter(chartPrefix);
        WriteSections(context, ReportSections.All, writer);
        var profile = context.Decision.Profile;
        var text = new StringBuilder()
            .Append("# ").Append(MarkdownReportWriter.Escape(profile.Name)).Append(" — Crossover decision report\n\n");
        if (!string.IsNullOrWhiteSpace(profile.Description))
        {
            text.Append(MarkdownReportWriter.Escape(profile.Description)).Append("\n\n");
        }

        text.Append('_').Append(MarkdownReportWriter.Escape(HtmlPage.MetaLine(context))).Append("_\n\n").Append(writer.Text);
        return new MarkdownReport(text.ToString(), writer.Charts);
    }

    /// <summary>
    /// The decision's own sections (answer, options, what to measure, criteria, economics, uncertainty, measurements) as
    /// Markdown text without charts, under a title that gives the answer in one line: for a pull request or a wiki.
    /// </summary>
    /// <param name="decision">The output of <see cref="Decider.Decide"/>.</param>
    /// <returns>The Markdown document.</returns>
    public static string RenderDecisionMarkdown(DecisionReport decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var writer = new MarkdownReportWriter(chartPrefix: null);
        WriteSections(DecisionOnly(decision), ReportSections.Decision, writer);
        return $"# {MarkdownReportWriter.Escape(decision.Profile.Name)}: {MarkdownReportWriter.Escape(Format.Answer(decision))}\n\n{writer.Text}";
    }

    /// <summary>The same sections as <see cref="RenderDecisionMarkdown"/> on a console, tables laid out in its width.</summary>
    /// <param name="decision">The output of <see cref="Decider.Decide"/>.</param>
    /// <param name="console">Where to write.</param>
    public static void WriteDecision(DecisionReport decision, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(console);
        console.MarkupLine($"[bold]{Markup.Escape(decision.Profile.Name)}: {Markup.Escape(Format.Answer(decision))}[/]");
        WriteSections(DecisionOnly(decision), ReportSections.Decision, new ConsoleReportWriter(console));
    }

    /// <summary>Writes the report to <paramref name="path"/>; in Markdown, the chart SVGs go next to it, named after it.</summary>
    /// <param name="context">The decision and its provenance.</param>
    /// <param name="format">HTML or Markdown.</param>
    /// <param name="path">The report file.</param>
    /// <returns>Every file written, the report first.</returns>
    public static IReadOnlyList<string> Write(ReportContext context, ReportFormat format, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (format == ReportFormat.Html)
        {
            AtomicFile.WriteText(full, RenderHtml(context));
            return [full];
        }

        var markdown = RenderMarkdown(context, Path.GetFileNameWithoutExtension(full) + "-");
        AtomicFile.WriteText(full, markdown.Text);
        var written = new List<string> { full };
        foreach (var chart in markdown.Charts)
        {
            var chartPath = Path.Combine(Path.GetDirectoryName(full)!, chart.Name);
            AtomicFile.WriteText(chartPath, chart.Content);
            written.Add(chartPath);
        }

        return written;
    }

    // The decision's sections read the decision alone, never the version, time or file a page records in its provenance.
    private static ReportContext DecisionOnly(DecisionReport decision) => new(decision, ToolVersion: string.Empty, GeneratedAt: default, ProfilePath: null);

    private static void WriteSections(ReportContext context, IReadOnlyList<IReportSection> sections, IReportWriter writer)
    {
        foreach (var section in sections.Where(s => s.AppliesTo(context)))
        {
            writer.BeginSection(section.Id, section.Title);
            section.Write(context, writer);
            writer.EndSection();
        }
    }
}
