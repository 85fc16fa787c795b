namespace Crossover.Reports.Charts;

/// <summary>A rendered chart.</summary>
/// <param name="Name">A file-name-safe id, e.g. <c>cost-per-request</c> (the SVG file name in Markdown output).</param>
/// <param name="Title">The caption's heading.</param>
/// <param name="Caption">What to read from it, one or two sentences.</param>
/// <param name="Svg">The SVG document, responsive (viewBox, no fixed size) and with ids unique to this chart.</param>
internal sealed record ChartImage(string Name, string Title, string Caption, string Svg);
