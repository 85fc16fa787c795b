using Crossover.Reports.Writers;

namespace Crossover.Reports.Charts;

/// <summary>A rendered chart.</summary>
/// <param name="Name">A file-name-safe id, e.g. <c>cost-per-request</c> (the SVG file name in Markdown output).</param>
/// <param name="Title">The caption's heading.</param>
/// <param name="Caption">What to read from it, one or two sentences.</param>
/// <param name="Svg">The SVG document laid out for a page or screen about 820 px wide, responsive (viewBox, no fixed size), its
/// title and caption in <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c>, and with ids unique to this chart.</param>
/// <param name="NarrowSvg">The same chart laid out for a phone about 400 px wide, ids unique as well.</param>
/// <param name="Data">The numbers the chart plots, for readers who cannot see it or want the figures.</param>
internal sealed record ChartImage(string Name, string Title, string Caption, string Svg, string NarrowSvg, ReportTable Data);
