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

    /// <summary>
    /// Opens an existing file only to read it: no file, folder, table or journal is created. When the file sits on
    /// read-only media, where SQLite cannot make the WAL's shared-memory file, it is opened as immutable.
    /// </summary>
    /// <param name="path">The file as the user gave it.</param>
    /// <param name="store">What the store is called in messages.</param>
    /// <param name="missing">The error when the file does not exist.</param>
    /// <returns>The full path and the connection string to use.</returns>
    /// <exception cref="InputException">The file is missing or is not a SQLite database.</exception>
    public static (string FullPath, string ConnectionString) OpenReadOnly(string path, string store, InputException missing)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new InputException($"is a directory, not a {store}", path, hint: "pass --db with the database file");
        }

        if (!File.Exists(full))
        {
            throw missing;
        }

        var readOnly = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = true, DefaultTimeout = 30 }.ToString();
        var immutable = new SqliteConnectionStringBuilder
        {
            DataSource = new Uri(full).AbsoluteUri + "?immutable=1", Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30,
        }.ToString();
        SqliteException? failure = null;
        foreach (var connectionString in new[] { readOnly, immutable })
        {
            try
            {
                using var connection = Connect(connectionString);
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM sqlite_master";
                command.ExecuteScalar();
                return (full, connectionString);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteErrorCodes.CantOpen or SqliteErrorCodes.ReadOnly or SqliteErrorCodes.IoErr)
            {
                failure = ex;
            }
            catch (SqliteException ex)
            {
                throw new InputException($"cannot read the {store}: {ex.Message}", path, hint: Hint(ex.SqliteErrorCode));
            }
        }

        throw new InputException($"cannot read the {store}: {failure!.Message}", path, hint: Hint(failure.SqliteErrorCode));
    }

    /// <summary>Whether a table exists (without creating it, so read-only connections can ask).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="table">The table name.</param>
    /// <returns>True when it exists.</returns>
    public static bool HasTable(SqliteConnection connection, string table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// What a user does about a SQLite failure, by its primary result code: every failure after a store is open ends in
    /// one line naming the store and this hint, and what was committed before it stays in the file.
    /// </summary>
    /// <param name="errorCode">The SQLite result code.</param>
    /// <returns>The hint.</returns>
    public static string Hint(int errorCode) => (errorCode & 0xFF) switch
    {
        SqliteErrorCodes.ReadOnly => "the file or its folder is read-only: reading verbs (decide/report --evidence, tune status) can still read it; to write, pass --db with a writable copy",
        SqliteErrorCodes.Full => "the disk is full: free space, then continue with 'crossover eval EXPERIMENT --resume RUN'; everything recorded so far is kept",
        SqliteErrorCodes.Corrupt or SqliteErrorCodes.NotADb => "the file is damaged: restore it from a backup or recover it with 'sqlite3 FILE .recover', or pass --db with a new store",
        SqliteErrorCodes.Busy or SqliteErrorCodes.Locked => "another crossover process is holding the store: wait for it to finish and run the command again",
        SqliteErrorCodes.CantOpen => "the file cannot be opened: check the path and that its folder exists and is readable",
        SqliteErrorCodes.Constraint => "the store already holds a conflicting row (another process wrote it at the same time): run the command again",
        SqliteErrorCodes.IoErr => "the disk failed to read or write: check the device and free space, then run the command again; what was recorded is kept",
        _ => "check the file; what was recorded before the failure is kept",
    };

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
            throw new InputException($"cannot open the {store}: {ex.Message}", path, hint: ex is SqliteException sqlite ? Hint(sqlite.SqliteErrorCode) : "pass --db with a writable path");
        }

        return full;
    }
}
