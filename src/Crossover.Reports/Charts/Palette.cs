using Crossover.Reports.Writers;

namespace Crossover.Reports.Charts;

/// <summary>
/// Every colour of the report, page and charts, in one place so its contrast can be checked against WCAG 2.1 AA: text at
/// least 4.5:1 against what it sits on, chart marks (bars, points, intervals, lines) at least 3:1 against the white chart.
/// </summary>
internal static class Palette
{
    public const string Ink = "#1d2433";
    public const string Muted = "#5b6475";
    public const string Line = "#e3e7ee";
    public const string PageBackground = "#f4f6f9";
    public const string Card = "#ffffff";
    public const string TableHeader = "#fafbfc";

    /// <summary>A tone's colours: its mark (borders, chart series, large text), and the text and tint of its pills.</summary>
    public sealed record ToneColors(Tone Tone, string Name, string Mark, string Text, string Tint);

    public static IReadOnlyList<ToneColors> Tones { get; } =
    [
        new(Tone.Prompt, "prompt", "#2f6fdb", "#2559b8", "#e8f0fd"),
        new(Tone.FineTune, "finetune", "#d9661f", "#a8470f", "#fdeee3"),
        new(Tone.Hybrid, "hybrid", "#7a4fc9", "#5e3aa3", "#f0eafa"),
        new(Tone.Retrieval, "retrieval", "#0f8f7e", "#0b6b5e", "#e2f5f2"),
        new(Tone.Neutral, "neutral", "#6b7385", "#565e70", "#eef0f4"),
        new(Tone.Good, "good", "#2c8a3e", "#1f6b2f", "#e6f4e9"),
        new(Tone.Warning, "warning", "#b7791f", "#8a5a12", "#fdf3e1"),
    ];

    public static ToneColors Of(Tone tone) => Tones.Single(t => t.Tone == tone);

    /// <summary>Prompting's series: its mark, and the darker shade for the with-caching bar beside it.</summary>
    public static string Prompt => Of(Tone.Prompt).Mark;

    public const string PromptDark = "#1d4a9e";

    public static string FineTune => Of(Tone.FineTune).Mark;

    public const string FineTuneDark = "#96400d";

    /// <summary>The tornado's low and high ends of an input (and the tokens chart's instructions and examples).</summary>
    public const string LowEnd = "#6a8bbb";

    public const string HighEnd = "#34507a";

    /// <summary>One colour per candidate in the evaluation charts, repeated after seven.</summary>
    public static IReadOnlyList<string> Series { get; } = ["#2f6fdb", "#d9661f", "#0f8f7e", "#7a4fc9", "#b7791f", "#c23b6b", "#4b5563"];

    /// <summary>Every colour a chart draws data with, each needing 3:1 against the white chart background.</summary>
    public static IEnumerable<string> Marks =>
        [Prompt, PromptDark, FineTune, FineTuneDark, LowEnd, HighEnd, Muted, Ink, .. Series, Of(Tone.Retrieval).Mark];
}
