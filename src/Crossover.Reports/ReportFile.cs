namespace Crossover.Reports;

/// <summary>A file that belongs to a report (a chart next to a Markdown report).</summary>
/// <param name="Name">The file name, relative to the report's folder.</param>
/// <param name="Content">The text content.</param>
public sealed record ReportFile(string Name, string Content);
