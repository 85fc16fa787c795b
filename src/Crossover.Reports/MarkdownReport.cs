namespace Crossover.Reports;

/// <summary>A report in Markdown, with the chart files it links to.</summary>
/// <param name="Text">The Markdown document.</param>
/// <param name="Charts">The SVG files it links, to be written next to it.</param>
public sealed record MarkdownReport(string Text, IReadOnlyList<ReportFile> Charts);
