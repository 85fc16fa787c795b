using Crossover.Evaluation.Store;
using Microsoft.Data.Sqlite;

namespace Crossover.Evaluation.Tests;

public sealed class ResponseCacheSessionTests
{
    [Fact]
    public async Task SessionAndStore_ReadEachOthersEntries_ByteForByte()
    {
        using var workspace = new Workspace();
        var store = RunStore.Open(workspace.Db);
        const string Stored = """{"Text":"caf\u00e9 \ud83d\ude00 billing","Model":"m","Input":40,"Cached":8,"Output":2,"LatencyMs":12.5}""";
        await store.SetAsync("written-by-the-store", Stored, CancellationToken.None);

        using (var session = store.OpenCacheSession())
        {
            Assert.Equal(Stored, await session.GetAsync("written-by-the-store", CancellationToken.None));
            await session.SetAsync("written-by-the-session", Stored + " ", CancellationToken.None);
            Assert.Null(await session.GetAsync("absent", CancellationToken.None));
        }

        Assert.Equal(Stored + " ", await store.GetAsync("written-by-the-session", CancellationToken.None));
    }

    [Fact]
    public async Task EveryEntryStoredBeforeTheSessionOpened_IsFound_AndOnlyThose()
    {
        using var workspace = new Workspace();
        var store = RunStore.Open(workspace.Db);
        for (var i = 0; i < 200; i++)
        {
            await store.SetAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))), $"v{i}", CancellationToken.None);
        }

        using var session = store.OpenCacheSession();

        for (var i = 0; i < 400; i++)
        {
            var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
            Assert.Equal(i < 200 ? $"v{i}" : null, await session.GetAsync(key, CancellationToken.None));
        }
    }

    [Fact]
    public async Task KilledBeforeDispose_KeepsEveryAnswerWhoseSetCompleted()
    {
        using var workspace = new Workspace();
        var store = RunStore.Open(workspace.Db);
        var session = store.OpenCacheSession();

        // Many writers at once, as a run at concurrency 64 makes them; each awaited write must be in the file at once,
        // with no Dispose (a killed process never disposes).
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, token) =>
            await session.SetAsync($"k{i}", $"v{i}", token));

        using var other = new SqliteConnection(SqliteDatabase.ConnectionString(store.Path));
        other.Open();
        using var count = other.CreateCommand();
        count.CommandText = "SELECT COUNT(*), SUM(value = 'v' || substr(key, 2)) FROM response_cache";
        using var reader = count.ExecuteReader();
        reader.Read();
        Assert.Equal(300, reader.GetInt64(0));
        Assert.Equal(300, reader.GetInt64(1));
        session.Dispose();
    }

    [Fact]
    public async Task WriteFails_EveryWaitingSetFailsWithTheStoreError_AndNothingHangs()
    {
        using var workspace = new Workspace();
        var store = RunStore.Open(workspace.Db);
        using var session = store.OpenCacheSession();
        using (var connection = SqliteDatabase.Connect(SqliteDatabase.ConnectionString(store.Path)))
        using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "DROP TABLE response_cache";
            drop.ExecuteNonQuery();
        }

        var writes = Enumerable.Range(0, 20).Select(i => session.SetAsync($"k{i}", "v", CancellationToken.None)).ToList();

        foreach (var write in writes)
        {
            await Assert.ThrowsAsync<SqliteException>(() => write.WaitAsync(TimeSpan.FromMinutes(2)));
        }
    }

    [Fact]
    public async Task AfterDispose_SetIsRefused()
    {
        using var workspace = new Workspace();
        var session = RunStore.Open(workspace.Db).OpenCacheSession();
        session.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.SetAsync("k", "v", CancellationToken.None));
    }
}
