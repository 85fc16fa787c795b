namespace Crossover.Evaluation.Running;

/// <summary>Where a run stands, reported after every record.</summary>
/// <param name="Done">Records written this session.</param>
/// <param name="Total">Records this session will write.</param>
/// <param name="Errors">Records that ended with an error.</param>
/// <param name="CacheHits">Answers served from the response cache.</param>
/// <param name="CostUsd">Spent so far on priced models.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record EvalProgress(int Done, int Total, int Errors, int CacheHits, double CostUsd, TimeSpan Elapsed)
{
    /// <summary>The run being recorded (so an interrupted session can say how to resume it).</summary>
    public string RunId { get; init; } = string.Empty;

    /// <summary>The estimated time left, from the rate so far; null before the first record.</summary>
    public TimeSpan? Eta => Done == 0 ? null : TimeSpan.FromTicks((long)(Elapsed.Ticks / (double)Done * (Total - Done)));
}
