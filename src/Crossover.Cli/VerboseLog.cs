using Microsoft.Extensions.Logging;

namespace Crossover.Cli;

/// <summary>
/// The <c>--verbose</c> log: one line per provider attempt on stderr (model, latency, tokens, or the redacted failure),
/// prefixed <c>verbose:</c>. Off unless the flag is given; verbs hand <see cref="Factory"/> to the library's runners.
/// </summary>
internal sealed class VerboseLog(TextWriter error) : ILoggerFactory, ILogger
{
    private readonly Lock _gate = new();

    /// <summary>Whether <c>--verbose</c> was given.</summary>
    public bool Enabled { get; set; }

    /// <summary>The logger factory for runners: this log when enabled, null (no logging layer at all) otherwise.</summary>
    public ILoggerFactory? Factory => Enabled ? this : null;

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("the verbose log writes to stderr only");

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => Enabled && logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = "verbose: " + formatter(state, exception).ReplaceLineEndings(" ");
        lock (_gate)
        {
            error.WriteLine(line);
        }
    }

    public void Dispose()
    {
    }
}
