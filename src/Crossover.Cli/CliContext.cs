using Spectre.Console;

namespace Crossover.Cli;

/// <summary>What every verb gets: where to write results (stdout), where to write diagnostics (stderr), and the clock.</summary>
/// <param name="Out">Results only, so pipes stay clean.</param>
/// <param name="Error">Progress, warnings and errors.</param>
/// <param name="Time">The clock.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, TimeProvider Time)
{
    /// <summary>A Spectre console over <see cref="Out"/> for tables; colour only when stdout is a terminal.</summary>
    public IAnsiConsole Console { get; } = CreateConsole(Out);

    /// <summary>A Spectre console over <see cref="Error"/> for progress and warnings.</summary>
    public IAnsiConsole ErrorConsole { get; } = CreateConsole(Error);

    /// <summary>The <c>--verbose</c> log of provider calls on <see cref="Error"/>.</summary>
    public VerboseLog Verbose { get; } = new(Error);
    /// <summary>Width given to output that goes to a pipe or file without COLUMNS: wide enough that no table wraps.</summary>
    public const int UnwrappedWidth = 4096;

    /// <summary>
    /// The width tables are laid out in: COLUMNS when it holds a positive number (so <c>COLUMNS=200 crossover … | less</c>
    /// works), else the terminal's width, else — piped or redirected — <see cref="UnwrappedWidth"/>, so nothing wraps.
    /// </summary>
    /// <param name="columns">The COLUMNS environment variable.</param>
    /// <param name="terminalWidth">The terminal's width, or null when the output is not a terminal.</param>
    /// <returns>The width in characters.</returns>
    public static int OutputWidth(string? columns, int? terminalWidth) =>
        int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fixedWidth) && fixedWidth > 0
            ? fixedWidth
            : terminalWidth ?? UnwrappedWidth;

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var interactive = ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected
            || ReferenceEquals(writer, System.Console.Error) && !System.Console.IsErrorRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        console.Profile.Width = OutputWidth(Environment.GetEnvironmentVariable("COLUMNS"), interactive ? console.Profile.Width : null);
        return console;
    }
}
