namespace Crossover.Cli;

/// <summary>
/// How often progress prints: at most one line a second, and always the last, so a long run on a terminal or in a log
/// shows where it is without flooding either. Every verb that reports progress asks this one throttle.
/// </summary>
/// <param name="time">The clock (tests give a fake one).</param>
internal sealed class ProgressThrottle(TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private long _last = long.MinValue;

    /// <summary>Whether to print this update; the first and the <paramref name="final"/> one always print.</summary>
    /// <param name="final">Whether this is the last update (done = total).</param>
    /// <returns>True to print it.</returns>
    public bool ShouldPrint(bool final)
    {
        var now = time.GetTimestamp();
        if (!final && _last != long.MinValue && time.GetElapsedTime(_last, now) < Interval)
        {
            return false;
        }

        _last = now;
        return true;
    }
}
