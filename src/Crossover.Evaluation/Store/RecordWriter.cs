using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Crossover.Evaluation.Store;

/// <summary>Appends records in batches over one open connection and one prepared INSERT; each batch is one transaction.</summary>
public sealed class RecordWriter : IDisposable
{
    private static readonly string[] Names =
    [
        "$run", "$candidate", "$item", "$repeat", "$hash", "$expected", "$output", "$parsed", "$compliant", "$scores",
        "$input", "$cached", "$outputTokens", "$instruction", "$example", "$itemTokens", "$latency", "$fromCache", "$error", "$created", "$judgeError",
        "$judgeInput", "$judgeCached", "$judgeOutput", "$split", "$logprobs", "$cacheWrite",
    ];

    private const string Columns = "run_id, candidate, item_id, repeat, prompt_hash, expected, output, parsed, compliant, scores, input_tokens, cached_tokens, "
        + "output_tokens, instruction_tokens, example_tokens, item_tokens, latency_ms, from_cache, error, created_at, judge_error, "
        + "judge_input_tokens, judge_cached_tokens, judge_output_tokens, split, logprobs, cache_write_tokens";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _parameters;
    private readonly TimeProvider _time;

    internal RecordWriter(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
        _insert = connection.CreateCommand();
        _insert.CommandText = $"INSERT INTO records ({Columns}) VALUES (" + string.Join(", ", Names) + ")";
        _parameters = [.. Names.Select(n => _insert.Parameters.AddWithValue(n, DBNull.Value))];
        _insert.Prepare();
    }

    /// <summary>Appends records in one transaction; a record whose key exists already fails the whole batch.</summary>
    /// <param name="records">The records.</param>
    public void Append(IReadOnlyList<RunRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        var created = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        foreach (var r in records)
        {
            object?[] values =
            [
                r.RunId, r.Candidate, r.ItemId, r.Repeat, r.PromptHash, r.Expected, r.Output, r.Parsed, r.Compliant ? 1 : 0, r.Scores,
                r.InputTokens, r.CachedTokens, r.OutputTokens, r.InstructionTokens, r.ExampleTokens, r.ItemTokens, r.LatencyMs, r.FromCache ? 1 : 0, r.Error, created, r.JudgeError,
                r.JudgeUsage?.Input, r.JudgeUsage?.Cached, r.JudgeUsage?.Output, r.Split, r.LogProbs is null ? null : JsonSerializer.Serialize(r.LogProbs), r.CacheWriteTokens,
            ];
            for (var i = 0; i < values.Length; i++)
            {
                _parameters[i].Value = values[i] ?? DBNull.Value;
            }

            _insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }
}
