namespace Crossover.Reports.Writers;

/// <summary>One table cell: text, and optionally a tone that HTML shows as a coloured pill.</summary>
internal readonly record struct Cell(string Text, Tone Tone = Tone.None)
{
    public static implicit operator Cell(string text) => new(text);
}
