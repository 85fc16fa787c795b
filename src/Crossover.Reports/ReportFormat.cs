namespace Crossover.Reports;

/// <summary>The file formats a report is written in.</summary>
public enum ReportFormat
{
    /// <summary>One self-contained HTML page: styles and SVG charts inline, nothing fetched at view time.</summary>
    Html,

    /// <summary>Markdown for pull requests and wikis, with each chart as an SVG file next to it.</summary>
    Markdown,
}
