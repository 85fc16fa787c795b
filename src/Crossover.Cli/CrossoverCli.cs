using System.CommandLine;
using Crossover.Cli.Commands;
using Crossover.Core.Input;

namespace Crossover.Cli;

/// <summary>The testable entry point: parses arguments, runs a verb, and turns user errors into one line and exit code 2.</summary>
internal static class CrossoverCli
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code for a command that ran but found a failing result (e.g. a run with errors).</summary>
    public const int Failed = 1;

    /// <summary>Exit code for anything the user can fix: bad arguments, bad files, unreachable endpoints.</summary>
    public const int UserError = 2;

    /// <summary>Exit code after Ctrl+C.</summary>
    public const int Cancelled = 130;

    /// <summary>Runs the crossover command.</summary>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where diagnostics go.</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(TextWriter stdout, TextWriter stderr, string[] args, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var context = new CliContext(stdout, stderr, time ?? TimeProvider.System);
        var root = new RootCommand("Crossover: prompt engineering, fine-tuning, or both? Decide with economics and evidence.");
        foreach (var command in Verbs(context))
        {
            root.Subcommands.Add(command);
        }

        // Bare 'crossover' is someone finding their way: show the verbs rather than an error.
        var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parsed.Errors.Count > 0)
        {
            var verb = parsed.CommandResult.Command == root ? "crossover" : $"crossover {string.Join(' ', CommandPath(parsed.CommandResult.Command, root))}";
            await stderr.WriteLineAsync($"error: {parsed.Errors[0].Message.TrimEnd('.')} (see '{verb} --help')");
            return UserError;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (InputException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return UserError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled: results recorded so far are kept");
            return Cancelled;
        }
    }

    /// <summary>Every verb, each built in its own file under Commands/.</summary>
    private static IEnumerable<Command> Verbs(CliContext context)
    {
        yield return InitCommand.Create(context);
        yield return DecideCommand.Create(context);
        yield return CatalogCommand.Create(context);
        yield return EvalCommand.Create(context);
        yield return RunsCommand.Create(context);
        yield return BenchCommand.Create(context);
        yield return ReportCommand.Create(context);
        yield return LocalCommand.Create(context);
        yield return TuneCommand.Create(context);
    }

    private static IEnumerable<string> CommandPath(Command command, RootCommand root)
    {
        var names = new Stack<string>();
        for (var current = command; current is not null && current != root; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Push(current.Name);
        }

        return names;
    }
}
