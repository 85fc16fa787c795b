namespace Crossover.Reports.Writers;

/// <summary>A colour role a writer may show (HTML pills and figure accents); Markdown ignores it.</summary>
internal enum Tone
{
    None,
    Prompt,
    FineTune,
    Hybrid,
    Retrieval,
    Neutral,
    Good,
    Warning,
}
