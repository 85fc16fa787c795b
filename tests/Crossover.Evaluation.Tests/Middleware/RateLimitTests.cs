using Crossover.Evaluation.Middleware;
using Microsoft.Extensions.Time.Testing;

namespace Crossover.Evaluation.Tests.Middleware;

/// <summary>The token buckets behind <c>rateLimit.requestsPerMinute</c> and <c>tokensPerMinute</c>, on a fake clock.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task RateLimit_HoldsTheThirdRequestUntilTheBucketRefills()
    {
        var time = new FakeTimeProvider();
        var limit = new RateLimit(requestsPerMinute: 2, tokensPerMinute: null, time);

        await limit.WaitAsync(10, CancellationToken.None);
        await limit.WaitAsync(10, CancellationToken.None);
        var third = limit.WaitAsync(10, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(20));
        var waitingAfter20s = !third.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(11));
        await third.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(waitingAfter20s);
    }

    [Fact]
    public async Task RateLimit_TokensPerMinute_HoldsALargeRequest()
    {
        var time = new FakeTimeProvider();
        var limit = new RateLimit(requestsPerMinute: null, tokensPerMinute: 1000, time);

        await limit.WaitAsync(900, CancellationToken.None);
        var next = limit.WaitAsync(500, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(10));
        var waiting = !next.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(15));
        await next.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(waiting);
    }
}
