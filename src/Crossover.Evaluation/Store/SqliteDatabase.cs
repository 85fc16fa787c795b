using Crossover.Core.Input;
using Microsoft.Data.Sqlite;

namespace Crossover.Evaluation.Store;

/// <summary>
/// The one SQLite file (<c>.crossover/crossover.db</c>) that runs, learning curves and fine-tuning jobs share: how every
/// store creates its tables and opens connections, so they all wait for each other's writes the same way.
/// </summary>
public static class SqliteDatabase
{
    /// <summary>The connection string every store uses for a file: pooled, with a 30 s command timeout.</summary>
    /// <param name="fullPath">The database file's full path.</param>
    /// <returns>The connection string.</returns>
    public static string ConnectionString(string fullPath) =>
        new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>
    /// Opens a connection. A writer waits for another process's transaction (an eval run and a <c>tune status</c> poll on
    /// the same file) instead of failing with SQLITE_BUSY: SQLite's own busy timeout does the waiting, inside the
    /// 30 s the connection string allows.
    /// </summary>
    /// <param name="connectionString">From <see cref="ConnectionString"/>.</param>
    /// <returns>The open connection.</returns>
    public static SqliteConnection Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Creates the file (and its folder) when needed and runs a store's <c>CREATE TABLE IF NOT EXISTS</c> schema.</summary>
    /// <param name="path">The file as the user gave it (for messages).</param>
    /// <param name="schema">The store's schema.</param>
    /// <param name="store">What the store is called in messages, e.g. "run store".</param>
    /// <param name="migrate">Brings an older file's tables up to date, when the store has changed its schema.</param>
    /// <returns>The file's full path.</returns>
    /// <exception cref="InputException">The file cannot be created or is not a SQLite database.</exception>
    public static string CreateTables(string path, string schema, string store, Action<SqliteConnection>? migrate = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var connection = Connect(ConnectionString(full));
            using var command = connection.CreateCommand();
            command.CommandText = schema;
            command.ExecuteNonQuery();
            migrate?.Invoke(connection);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot open the {store}: {ex.Message}", path, hint: "pass --db with a writable path");
        }

        return full;
    }
}
