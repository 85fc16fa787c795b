using Crossover.Core.Input;
using Crossover.Tuning.Jobs;

namespace Crossover.Tuning.Tests.Jobs;

/// <summary>The fine-tuning calls against a server answering as OpenAI's and Azure's specifications' own examples do.</summary>
public sealed class FineTuningWireTests
{
    private const string KeyEnv = "CROSSOVER_FT_WIRE_KEY";

    static FineTuningWireTests() => Environment.SetEnvironmentVariable(KeyEnv, "sk-wire-test-0123456789abcdef");

    private static (TuningJobs Jobs, TuningJobStore Store) Service(TuneData data)
    {
        var store = TuningJobStore.Open(Path.Combine(data.Folder, "crossover.db"));
        return (new TuningJobs(store, TimeProvider.System, TuningBackends.Default(new HttpClient(), TimeProvider.System, TuningJobLibraryTests.FastRetries)), store);
    }

    private static TuningRequest Request(TuneData data, FineTuningServer server, string provider, int? seed = null)
    {
        var training = Path.Combine(data.Folder, "train.jsonl");
        File.WriteAllText(training, """{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}""" + "\n");
        var baseUrl = provider == "azure-openai" ? server.BaseUrl : server.V1;
        return new TuningRequest(data.Write(), "gpt-4.1-mini", new TuningHyperparameters(null, null, null, seed, "wire"), training,
            new FineTuningEndpoint(provider, baseUrl, KeyEnv, provider == "azure-openai" ? FineTuningEndpoint.DefaultAzureApiVersion : null));
    }

    [Fact]
    public async Task Azure_CreateAnsweredPending_SavesTheProviderJobIdSoStatusAndCancelReachTheProvider()
    {
        using var data = new TuneData();
        using var server = new FineTuningServer("running");
        var (jobs, store) = Service(data);

        var started = await jobs.StartAsync(Request(data, server, "azure-openai"), null, CancellationToken.None);
        var stored = store.Find(started.Job.Id)!;
        var refreshed = await jobs.RefreshAsync(stored, CancellationToken.None);
        var again = await jobs.StartAsync(Request(data, server, "azure-openai"), null, CancellationToken.None);
        var cancelled = await jobs.CancelAsync(refreshed, CancellationToken.None);

        Assert.Equal(TuningJobStatus.Pending, stored.Status);
        Assert.Equal("ftjob-1", stored.ProviderJobId);
        Assert.Equal(TuningJobStatus.Running, refreshed.Status);
        Assert.Single(server.Requests, r => r is { Method: "GET", Path: "/openai/fine_tuning/jobs/ftjob-1" });
        Assert.Single(server.Requests, r => r is { Method: "POST", Path: "/openai/fine_tuning/jobs/ftjob-1/cancel" });
        Assert.Equal(TuningJobStatus.Cancelled, cancelled.Status);
        Assert.True(again.Existing);
        Assert.Equal(1, server.JobsCreated);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure-openai")]
    public async Task CrashRecovery_OurJobOlderThanTheNewestHundred_IsFoundByPagingAndNotCreatedAgain(string provider)
    {
        using var data = new TuneData();
        using var server = new FineTuningServer("running") { LoseCreateAnswers = true };
        var (jobs, store) = Service(data);
        var request = Request(data, server, provider);

        await Assert.ThrowsAsync<InputException>(() => jobs.StartAsync(request, null, CancellationToken.None));
        for (var i = 0; i < 150; i++)
        {
            server.AddForeignJob();
        }

        server.LoseCreateAnswers = false;
        var creates = server.Creates;
        var rerun = await jobs.StartAsync(request, null, CancellationToken.None);

        Assert.Equal("ftjob-1", rerun.Job.ProviderJobId);
        Assert.Equal("ftjob-1", store.Find(rerun.Job.Id)!.ProviderJobId);
        Assert.Equal(creates, server.Creates);
        Assert.Equal(1, server.Uploads);
        var lists = server.Requests.Where(r => r is { Method: "GET" } && r.Path.EndsWith("/fine_tuning/jobs", StringComparison.Ordinal)).ToList();
        if (provider == "openai")
        {
            // OpenAI filters by our metadata: one page holds our job however many others the organisation has.
            Assert.Contains("metadata%5Bcrossover_job%5D=" + rerun.Job.Id, Assert.Single(lists).Query, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(2, lists.Count);
            Assert.Contains("after=ftjob-other-", lists[1].Query, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NegativeSeed_IsRefusedBeforeAnyUpload()
    {
        using var data = new TuneData();
        using var server = new FineTuningServer();
        var (jobs, store) = Service(data);

        var error = await Assert.ThrowsAsync<InputException>(() => jobs.StartAsync(Request(data, server, "openai", seed: -5), null, CancellationToken.None));

        Assert.StartsWith("seed: --seed -5 is out of range", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task Events_MoreThanOnePageBetweenPolls_AreAllRecordedOnce()
    {
        using var data = new TuneData();
        using var server = new FineTuningServer("running");
        var (jobs, store) = Service(data);
        var started = await jobs.StartAsync(Request(data, server, "openai"), null, CancellationToken.None);
        await jobs.RefreshAsync(started.Job, CancellationToken.None);
        for (var step = 1; step <= 250; step++)
        {
            server.AddJobEvent("ftjob-1", "info", $"Step {step}/250: training loss=0.1");
        }

        var job = await jobs.RefreshAsync(store.Find(started.Job.Id)!, CancellationToken.None);
        await jobs.RefreshAsync(job, CancellationToken.None);

        var messages = store.Events(job.Id).Select(e => e.Message).ToList();
        Assert.Equal(250, messages.Count(m => m.StartsWith("Step ", StringComparison.Ordinal)));
        Assert.Equal(messages.Count, messages.Distinct().Count());
    }

    [Fact]
    public async Task AzureEvents_WithoutIdsAndWithLevelWarning_AreStoredOnceAsWarn()
    {
        using var data = new TuneData();
        using var server = new FineTuningServer("running", "succeeded") { OmitEventIds = true, FractionalCounts = true };
        var (jobs, store) = Service(data);
        var started = await jobs.StartAsync(Request(data, server, "azure-openai"), null, CancellationToken.None);
        server.AddJobEvent("ftjob-1", "warn", "Validation file has 2 duplicated examples");

        var running = await jobs.RefreshAsync(started.Job, CancellationToken.None);
        var succeeded = await jobs.RefreshAsync(running, CancellationToken.None);

        Assert.Equal(TuningJobStatus.Succeeded, succeeded.Status);
        Assert.Equal(4242, succeeded.TrainedTokens);
        var events = store.Events(succeeded.Id);
        Assert.Equal("warn", Assert.Single(events, e => e.Message.StartsWith("Validation file", StringComparison.Ordinal)).Level);
        Assert.Equal(events.Count, events.Select(e => e.Message).Distinct().Count());
    }

    [Fact]
    public async Task TrainedTokensWrittenAsWholeFloat_IsReadAsItsInteger()
    {
        using var data = new TuneData();
        using var server = new FineTuningServer("succeeded") { FractionalCounts = true, TrainedTokens = 4242 };
        var (jobs, _) = Service(data);
        var started = await jobs.StartAsync(Request(data, server, "openai"), null, CancellationToken.None);

        var job = await jobs.RefreshAsync(started.Job, CancellationToken.None);

        Assert.Equal(4242, job.TrainedTokens);
    }

    [Fact]
    public async Task RetryAfterLongerThanThePolicyHonours_EndsAtOnceWithOneLine()
    {
        using var data = new TuneData();
        using var server = new FineTuningServer { Fault = (request, _) => request.Method == "POST" ? (429, "600") : null };
        var (jobs, _) = Service(data);

        var error = await Assert.ThrowsAsync<InputException>(() => jobs.StartAsync(Request(data, server, "openai"), null, CancellationToken.None));

        Assert.Equal(1, server.Uploads);
        Assert.Contains("POST files at " + server.V1 + " answered 429: scripted failure", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("retries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyWithALineBreak_IsRefusedBeforeAnyRequest()
    {
        using var data = new TuneData();
        using var server = new FineTuningServer();
        Environment.SetEnvironmentVariable("CROSSOVER_FT_CRLF_KEY", "sk-abc\r\nX-Injected: 1");
        var (jobs, _) = Service(data);
        var request = Request(data, server, "openai") with { Endpoint = new FineTuningEndpoint("openai", server.V1, "CROSSOVER_FT_CRLF_KEY") };

        var error = await Assert.ThrowsAsync<InputException>(() => jobs.StartAsync(request, null, CancellationToken.None));

        Assert.Contains("CROSSOVER_FT_CRLF_KEY holds a control character", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-abc", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
