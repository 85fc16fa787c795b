using System.CommandLine;
using System.Globalization;
using Crossover.Cli.Commands;
using Crossover.Core.Input;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Store;
using Microsoft.Data.Sqlite;

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
        var verbose = new Option<bool>("--verbose") { Description = "Log every provider call on stderr (model, latency, tokens; failures with keys redacted).", Recursive = true };
        root.Options.Add(verbose);
        foreach (var command in Verbs(context, args))
        {
            root.Subcommands.Add(command);
        }

        // Bare 'crossover' is someone finding their way: show the verbs rather than an error.
        var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
        var problem = parsed.Errors.Count > 0 ? parsed.Errors[0].Message.TrimEnd('.') : NonFiniteNumber(parsed);
        if (problem is not null)
        {
            var verb = parsed.CommandResult.Command == root ? "crossover" : $"crossover {string.Join(' ', CommandPath(parsed.CommandResult.Command, root))}";
            await stderr.WriteLineAsync(OneLine($"error: {problem} (see '{verb} --help')"));
            return UserError;
        }

        context.Verbose.Enabled = parsed.GetValue(verbose);
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (InputException ex)
        {
            await stderr.WriteLineAsync(OneLine($"error: {ApiKeys.Redact(ex.Message)}"));
            return UserError;
        }
        catch (Exception ex) when (LocalEngine.MissingMessage(ex) is { } missing)
        {
            await stderr.WriteLineAsync($"error: {missing}");
            return UserError;
        }
        catch (SqliteException ex)
        {
            // A store that fails after it was opened (read-only, full disk, damaged pages, another writer's row): one
            // line naming it; SQLite has already rolled back the failed transaction, so every committed record is kept.
            var store = parsed.CommandResult.Command.Options.OfType<Option<string>>().FirstOrDefault(o => o.Name == "--db") is { } db ? parsed.GetValue(db) : null;
            await stderr.WriteLineAsync(OneLine($"error: {store ?? "the run store"}: {ex.Message.TrimEnd('.')} ({SqliteDatabase.Hint(ex.SqliteErrorCode)})"));
            return UserError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled: results recorded so far are kept");
            return Cancelled;
        }
    }

    /// <summary>Every verb by name, each built in its own file under Commands/.</summary>
    internal static readonly (string Name, Func<CliContext, Command> Create)[] VerbFactories =
    [
        ("init", InitCommand.Create),
        ("decide", DecideCommand.Create),
        ("catalog", CatalogCommand.Create),
        ("eval", EvalCommand.Create),
        ("optimize", OptimizeCommand.Create),
        ("runs", RunsCommand.Create),
        ("bench", BenchCommand.Create),
        ("report", ReportCommand.Create),
        ("cascade", CascadeCommand.Create),
        ("local", LocalCommand.Create),
        ("tune", TuneCommand.Create),
    ];

    /// <summary>
    /// The verb the arguments name, alone, when they start with one; otherwise (help, a typo, an option first) every verb.
    /// Building a verb touches the assemblies its options refer to (the engine's defaults, the run store, the reports),
    /// so building only the one that runs keeps them out of a short command such as <c>decide</c>; the parse is the same
    /// because a verb's arguments never reach another verb.
    /// </summary>
    private static IEnumerable<Command> Verbs(CliContext context, string[] args)
    {
        var named = args.Length > 0 ? Array.FindIndex(VerbFactories, verb => verb.Name == args[0]) : -1;
        return named >= 0 ? [VerbFactories[named].Create(context)] : VerbFactories.Select(verb => verb.Create(context));
    }

    /// <summary>
    /// Every numeric option of every verb is checked here, in one place: NaN and ±∞ parse as doubles but are never a
    /// meaningful setting (a NaN learning rate trains garbage or crashes after files are written).
    /// </summary>
    private static string? NonFiniteNumber(ParseResult parsed)
    {
        foreach (var option in parsed.CommandResult.Command.Options)
        {
            var value = option switch
            {
                Option<double> d => parsed.GetValue(d),
                Option<double?> d => parsed.GetValue(d),
                Option<float> f => parsed.GetValue(f),
                Option<float?> f => parsed.GetValue(f),
                _ => (double?)null,
            };
            if (value is { } number && !double.IsFinite(number))
            {
                return $"{option.Name} {number.ToString(CultureInfo.InvariantCulture)} is not a finite number (give a number such as 0.5)";
            }
        }

        return null;
    }

    /// <summary>An error is one line: the parser's multi-line messages (e.g. the list of allowed values) are joined.</summary>
    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

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
