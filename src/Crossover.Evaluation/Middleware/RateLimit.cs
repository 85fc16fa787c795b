namespace Crossover.Evaluation.Middleware;

/// <summary>
/// Token buckets for one endpoint's requests per minute and tokens per minute, refilled continuously. Written
/// here rather than with System.Threading.RateLimiting because that limiter cannot take a <see cref="TimeProvider"/>,
/// and tests need to control time.
/// </summary>
public sealed class RateLimit
{
    private readonly object _gate = new();
    private readonly double _requestCapacity;
    private readonly double _tokenCapacity;
    private readonly TimeProvider _time;
    private double _requests;
    private double _tokens;
    private long _last;

    /// <summary>Creates the limit; a null rate means unlimited.</summary>
    /// <param name="requestsPerMinute">Requests per minute, when limited.</param>
    /// <param name="tokensPerMinute">Tokens per minute, when limited.</param>
    /// <param name="time">The clock.</param>
    public RateLimit(int? requestsPerMinute, int? tokensPerMinute, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _requestCapacity = requestsPerMinute ?? double.PositiveInfinity;
        _tokenCapacity = tokensPerMinute ?? double.PositiveInfinity;
        _requests = _requestCapacity;
        _tokens = _tokenCapacity;
        _time = time;
        _last = time.GetTimestamp();
    }

    /// <summary>Waits until one request of <paramref name="tokens"/> tokens fits both budgets, then takes it.</summary>
    /// <param name="tokens">The call's estimated tokens (a call larger than the whole budget waits for a full bucket).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the call may go.</returns>
    public async ValueTask WaitAsync(int tokens, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetTimestamp();
                var minutes = _time.GetElapsedTime(_last, now).TotalMinutes;
                _last = now;
                _requests = Refill(_requests, _requestCapacity, minutes);
                _tokens = Refill(_tokens, _tokenCapacity, minutes);
                var needTokens = Math.Min(tokens, _tokenCapacity);
                if (_requests >= 1 && _tokens >= needTokens)
                {
                    _requests -= 1;
                    _tokens -= needTokens;
                    return;
                }

                var requestWait = _requests >= 1 ? 0 : (1 - _requests) / _requestCapacity;
                var tokenWait = _tokens >= needTokens ? 0 : (needTokens - _tokens) / _tokenCapacity;
                wait = TimeSpan.FromMinutes(Math.Max(requestWait, tokenWait)) + TimeSpan.FromMilliseconds(1);
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    // An unlimited budget stays infinite (∞ · 0 would be NaN).
    private static double Refill(double level, double capacity, double minutes) =>
        double.IsPositiveInfinity(capacity) ? capacity : Math.Min(capacity, level + (minutes * capacity));
}
