using System.Net;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Crossover.Evaluation.Tests.Middleware;

/// <summary>The call layers as composed by <see cref="CallPipeline"/>, around a callback client, on a fake clock (no wall-clock waits).</summary>
public sealed class CallPipelineTests
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "ticket 1: refund please")];

    private static readonly ModelSpec Model = new("callback", "test-model", null, null, null, null, null, null);

    private static (CallPipeline Pipeline, FakeTimeProvider Time) Pipeline(Func<int, CancellationToken, Task<ChatResponse>> answer, IResponseCache? cache = null, ILoggerFactory? logging = null, TimeSpan? timeout = null)
    {
        var time = new FakeTimeProvider();
        var registry = new ProviderRegistry(time);
        registry.Register("callback", _ => new CallbackClient(answer));
        var policy = new CallPolicy(timeout ?? TimeSpan.FromSeconds(60), 3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(120));
        return (new CallPipeline(registry, null, policy, time) { Cache = cache, Logging = logging }, time);
    }

    private static ChatResponse Answer(string text) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 1 } };

    /// <summary>
    /// Moves the fake clock one step at a time until the call completes, so a timer the call creates late (a loaded box)
    /// is still reached; returns how much fake time passed. Bounded, so a broken layer fails instead of hanging.
    /// </summary>
    private static async Task<TimeSpan> AdvanceUntilDoneAsync(Task call, FakeTimeProvider time, TimeSpan step)
    {
        var start = time.GetUtcNow();
        for (var i = 0; i < 3_000 && !call.IsCompleted; i++)
        {
            await Task.Delay(10);
            if (!call.IsCompleted)
            {
                time.Advance(step);
            }
        }

        await call;
        return time.GetUtcNow() - start;
    }

    [Fact]
    public async Task Retry_WaitsTheRetryAfterOnTheClockNotTheBackoff()
    {
        var (pipeline, time) = Pipeline((attempt, _) => attempt == 1
            ? throw new ProviderException("busy", HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(30))
            : Task.FromResult(Answer("billing")));
        var client = pipeline.Chat(Model, new UsageMeter());

        var call = client.GetResponseAsync(Messages);
        var waited = await AdvanceUntilDoneAsync(call, time, TimeSpan.FromSeconds(1));

        Assert.Equal("billing", (await call).Text);
        // The backoff alone would be about 1 s; the server asked for 30.
        Assert.True(waited >= TimeSpan.FromSeconds(30), $"waited {waited}");
    }

    [Fact]
    public async Task Timeout_OnTheFakeClock_FailsTheAttemptAndTheRetryAnswers()
    {
        var (pipeline, time) = Pipeline(
            async (attempt, token) =>
            {
                if (attempt == 1)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, token);
                }

                return Answer("bug");
            },
            timeout: TimeSpan.FromSeconds(5));
        var client = pipeline.Chat(Model, new UsageMeter());

        var call = client.GetResponseAsync(Messages);
        var waited = await AdvanceUntilDoneAsync(call, time, TimeSpan.FromSeconds(1));

        Assert.Equal("bug", (await call).Text);
        Assert.True(waited >= TimeSpan.FromSeconds(5), $"waited {waited}");
    }

    [Fact]
    public async Task Streaming_GoesThroughCacheAndMeterLikeAPlainCall()
    {
        var calls = 0;
        var (pipeline, _) = Pipeline((_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(Answer("account"));
        }, cache: new MemoryCache());
        var meter = new UsageMeter();
        var client = pipeline.Chat(Model, meter);

        var first = await client.GetStreamingResponseAsync(Messages).ToChatResponseAsync();
        var second = await client.GetStreamingResponseAsync(Messages).ToChatResponseAsync();
        var plain = await client.GetResponseAsync(Messages);

        Assert.Equal(["account", "account", "account"], new[] { first.Text, second.Text, plain.Text });
        Assert.Equal(1, calls);
        Assert.Equal(1, meter.Calls);
        Assert.Equal(12, meter.InputTokens);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CallSetup_PipelineUsesTheCacheOnlyWhenOn_AndLogsWhereItSays(bool useCache)
    {
        var calls = 0;
        var time = new FakeTimeProvider();
        var registry = new ProviderRegistry(time);
        registry.Register("callback", _ => new CallbackClient((_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(Answer("account"));
        }));
        var log = new ListLog();
        var setup = new CallSetup(registry, null) { Time = time, UseCache = useCache, Logging = log };
        var client = setup.Pipeline(new CallPolicy(TimeSpan.FromSeconds(60), 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(120)), new MemoryCache()).Chat(Model, new UsageMeter());

        await client.GetResponseAsync(Messages);
        await client.GetResponseAsync(Messages);

        Assert.Equal(useCache ? 1 : 2, calls);
        Assert.Equal(calls, log.Lines.Count);
    }

    [Fact]
    public void Metadata_ReachesTheCallerThroughEveryLayer()
    {
        var (pipeline, _) = Pipeline((_, _) => Task.FromResult(Answer("x")), cache: new MemoryCache(), logging: new ListLog());

        var metadata = pipeline.Chat(Model, new UsageMeter()).GetService<ChatClientMetadata>();

        Assert.Equal("callback", metadata?.ProviderName);
        Assert.Equal("test-model", metadata?.DefaultModelId);
    }

    [Fact]
    public async Task Logging_OneLinePerAttemptWithoutPromptOrAnswerAndRedacted()
    {
        var log = new ListLog();
        var (pipeline, time) = Pipeline((attempt, _) => attempt == 1
            ? throw new ProviderException("openai answered HTTP 500: key Bearer sk-live-0123456789abcdefgh", HttpStatusCode.InternalServerError, TimeSpan.FromSeconds(1))
            : Task.FromResult(Answer("billing")), logging: log);

        var call = pipeline.Chat(Model, new UsageMeter()).GetResponseAsync(Messages);
        await AdvanceUntilDoneAsync(call, time, TimeSpan.FromSeconds(1));

        Assert.Equal(2, log.Lines.Count);
        Assert.StartsWith("Warning callback/test-model: failed after", log.Lines[0], StringComparison.Ordinal);
        Assert.Contains("Bearer [redacted]", log.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Debug callback/test-model: answered in", log.Lines[1], StringComparison.Ordinal);
        Assert.All(log.Lines, l => Assert.DoesNotContain("refund", l, StringComparison.Ordinal));
        Assert.All(log.Lines, l => Assert.DoesNotContain("billing", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImpossibleUsage_FailsTheCallWithoutRetryOrMeter()
    {
        var calls = 0;
        var (pipeline, _) = Pipeline((_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "x")) { Usage = new UsageDetails { InputTokenCount = 10, CachedInputTokenCount = 50 } });
        });
        var meter = new UsageMeter();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => pipeline.Chat(Model, meter).GetResponseAsync(Messages));

        Assert.Equal("the provider reported impossible usage: cached tokens 50 exceed input tokens 10", error.Message);
        Assert.Equal(1, calls);
        Assert.Equal(0, meter.Calls);
    }

    /// <summary>A provider driven by a callback given the attempt number.</summary>
    private sealed class CallbackClient(Func<int, CancellationToken, Task<ChatResponse>> answer) : IChatClient
    {
        private readonly ChatClientMetadata _metadata = new("callback", null, "test-model");
        private int _attempts;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            answer(Interlocked.Increment(ref _attempts), cancellationToken);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType == typeof(ChatClientMetadata) ? _metadata : null;

        public void Dispose()
        {
        }
    }

    private sealed class MemoryCache : IResponseCache
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _entries = new();

        public Task<string?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_entries.TryGetValue(key, out var value) ? value : null);

        public Task SetAsync(string key, string value, CancellationToken cancellationToken)
        {
            _entries[key] = value;
            return Task.CompletedTask;
        }
    }

    /// <summary>Keeps each log line as "Level message".</summary>
    private sealed class ListLog : ILoggerFactory, ILogger
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add($"{logLevel} {formatter(state, exception)}");
            }
        }

        public void Dispose()
        {
        }
    }
}
