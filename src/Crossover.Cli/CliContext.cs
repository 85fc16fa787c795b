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

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var interactive = ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected
            || ReferenceEquals(writer, System.Console.Error) && !System.Console.IsErrorRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }
}
