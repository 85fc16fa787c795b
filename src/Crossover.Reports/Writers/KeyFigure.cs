namespace Crossover.Reports.Writers;

/// <summary>A headline number: HTML shows it as a tile, Markdown as a table row.</summary>
internal sealed record KeyFigure(string Label, string Value, string? Detail = null, Tone Tone = Tone.None);
