using System.Globalization;
using System.Threading.Channels;
using Crossover.Evaluation.Middleware;
using Microsoft.Data.Sqlite;

namespace Crossover.Evaluation.Store;

/// <summary>
/// The run store's response cache for the length of one run: one connection to read and one to write, opened once,
/// each with its statement prepared once, instead of a pooled connection, two pragmas and a fresh statement per lookup
/// and per write. Writes are grouped: a single writer commits every answer that has arrived since its last commit in
/// one transaction, so at concurrency 64 one commit stores many answers. <see cref="SetAsync"/> still completes only
/// once its answer is committed, so a killed run keeps every answer it was told is stored, as before; what is stored
/// (key and JSON value) is exactly what <see cref="RunStore.SetAsync"/> stores.
/// <para>
/// The keys present are also held in memory, as 32-bit hashes (about 16 bytes a key): a lookup whose hash is absent is
/// a miss without asking SQLite, which is every call of a first run. A hash shared by two keys only costs a lookup.
/// An answer another process stores in the same file while this run is going is not seen by this run (it is by the next).
/// </para>
/// </summary>
internal sealed class ResponseCacheSession : IResponseCache, IDisposable
{
    // Answers per write transaction at most.
    private const int MaxBatch = 512;

    private readonly TimeProvider _time;
    private readonly SqliteConnection _reader;
    private readonly SqliteCommand _select;
    private readonly Lock _readGate = new();
    private readonly HashSet<int> _keys = [];
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _insert;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writeLoop;

    public ResponseCacheSession(string connectionString, TimeProvider time)
    {
        _time = time;
        _reader = SqliteDatabase.Connect(connectionString);
        _select = _reader.CreateCommand();
        _select.CommandText = "SELECT value FROM response_cache WHERE key = $key";
        _select.Parameters.Add("$key", SqliteType.Text);
        _select.Prepare();
        using (var keys = _reader.CreateCommand())
        {
            keys.CommandText = "SELECT key FROM response_cache";
            using var reader = keys.ExecuteReader();
            while (reader.Read())
            {
                _keys.Add(KeyHash(reader.GetString(0)));
            }
        }

        _writer = SqliteDatabase.Connect(connectionString);
        _insert = _writer.CreateCommand();
        _insert.CommandText = "INSERT OR REPLACE INTO response_cache VALUES ($key, $value, $created)";
        _insert.Parameters.Add("$key", SqliteType.Text);
        _insert.Parameters.Add("$value", SqliteType.Text);
        _insert.Parameters.Add("$created", SqliteType.Text);
        _insert.Prepare();
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_readGate)
        {
            if (!_keys.Contains(KeyHash(key)))
            {
                return Task.FromResult<string?>(null);
            }

            _select.Parameters[0].Value = key;
            return Task.FromResult(_select.ExecuteScalar() as string);
        }
    }

    public Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        var pending = new Pending(key, value, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_pending.Writer.TryWrite(pending), this);
        return pending.Stored.Task;
    }

    /// <summary>Waits for the answers still being written, then closes both connections.</summary>
    public void Dispose()
    {
        if (_pending.Writer.TryComplete())
        {
            // Every SetAsync has been answered by now (the runner awaited each); this only waits for the loop to end.
            _writeLoop.GetAwaiter().GetResult();
            _insert.Dispose();
            _writer.Dispose();
            _select.Dispose();
            _reader.Dispose();
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                using (var transaction = _writer.BeginTransaction())
                {
                    _insert.Transaction = transaction;
                    var created = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
                    foreach (var pending in batch)
                    {
                        _insert.Parameters[0].Value = pending.Key;
                        _insert.Parameters[1].Value = pending.Value;
                        _insert.Parameters[2].Value = created;
                        _insert.ExecuteNonQuery();
                    }

                    transaction.Commit();
                }

                lock (_readGate)
                {
                    batch.ForEach(p => _keys.Add(KeyHash(p.Key)));
                }

                batch.ForEach(p => p.Stored.SetResult());
            }
            catch (Exception ex)
            {
                // Each waiting call fails as its own write would have (the store's error, with its hint, upstream).
                batch.ForEach(p => p.Stored.SetException(ex));
            }

            batch.Clear();
        }
    }

    private static int KeyHash(string key) => StringComparer.Ordinal.GetHashCode(key);

    private sealed record Pending(string Key, string Value, TaskCompletionSource Stored);
}
