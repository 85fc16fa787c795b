using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Tuning.Data;
using Crossover.Tuning.Jobs;

namespace Crossover.Tuning.Tests.Jobs;

/// <summary>
/// The one-file recipe for a tuning backend (docs/architecture.md): the backends below live only in this file, are
/// registered with one <see cref="TuningBackends.Add"/>, and their jobs go through <see cref="TuningJobs"/>'s lifecycle
/// (start once per key, status polls, completion, the tuned candidate, cancel, failure) without any other file knowing them.
/// </summary>
public sealed class TestOnlyBackendTests
{
    [Fact]
    public async Task RemoteTestBackend_RegisteredWithOneAdd_RunsStartStatusAndCompletionThroughTuningJobs()
    {
        using var data = new TuneData();
        var experiment = data.Write();
        var backend = new QueueBackend(["running", "running", "succeeded"]);
        var jobs = Jobs(data, backend);
        var request = Request(data, experiment, QueueBackend.BackendName, "toy");

        var started = await jobs.StartAsync(request, null, CancellationToken.None);
        var again = await jobs.StartAsync(request, null, CancellationToken.None);
        var polled = new List<TuningJobStatus>();
        var done = await jobs.WaitAsync(started.Job, TimeSpan.FromMilliseconds(1), null, j => polled.Add(j.Status), CancellationToken.None);

        Assert.False(started.Existing);
        Assert.Equal(TuningJobStatus.Queued, started.Job.Status);
        Assert.Equal("queue-1", started.Job.ProviderJobId);
        Assert.Equal(QueueBackend.BackendName, started.Job.Backend);
        Assert.Equal("queue", started.Job.Provider);
        Assert.True(again.Existing);
        Assert.Equal(started.Job.Id, again.Job.Id);
        Assert.Equal(1, backend.Starts);
        Assert.Equal([TuningJobStatus.Running, TuningJobStatus.Running, TuningJobStatus.Succeeded], polled);
        Assert.Equal(TuningJobStatus.Succeeded, done.Status);
        Assert.NotNull(done.FinishedAt);
        Assert.Equal(done, jobs.Store.Find(done.Id));
        Assert.Equal(["queue-1 running", "queue-1 succeeded"], jobs.Store.Events(done.Id).Select(e => e.Message).Distinct());
        Assert.True(done.CandidateAdded);
        var candidate = ExperimentReader.Load(experiment).Candidates.Single(c => c.Name == "tuned-toy");
        Assert.Equal(new ModelSpec("openai", "toy-base:queue-1", "http://127.0.0.1:9/v1", null, null, null, null, null), candidate.Model);
        Assert.Equal(done, await jobs.RefreshAsync(done, CancellationToken.None));
        Assert.Equal(3, backend.Polls);
    }

    [Fact]
    public async Task RemoteTestBackend_Cancel_RecordsTheProvidersAnswerAndEndsTheJob()
    {
        using var data = new TuneData();
        var experiment = data.Write();
        var jobs = Jobs(data, new QueueBackend(["running"]));
        var started = await jobs.StartAsync(Request(data, experiment, QueueBackend.BackendName, "stop"), null, CancellationToken.None);

        var cancelled = await jobs.CancelAsync(started.Job, CancellationToken.None);
        var again = await Assert.ThrowsAsync<InputException>(() => jobs.CancelAsync(cancelled, CancellationToken.None));

        Assert.Equal(TuningJobStatus.Cancelled, cancelled.Status);
        Assert.NotNull(cancelled.FinishedAt);
        Assert.Equal(TuningJobStatus.Cancelled, jobs.Store.Find(cancelled.Id)!.Status);
        Assert.Contains("has already ended", again.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ExperimentReader.Load(experiment).Candidates, c => c.Name == "tuned-stop");
    }

    [Fact]
    public async Task InProcessTestBackend_Failing_IsRecordedAsFailedAndARerunStartsAFreshJob()
    {
        using var data = new TuneData();
        var experiment = data.Write();
        var backend = new InProcessBackend { Fail = true };
        var jobs = Jobs(data, backend);
        var request = Request(data, experiment, InProcessBackend.BackendName, "here");

        var error = await Assert.ThrowsAsync<InputException>(() => jobs.StartAsync(request, null, CancellationToken.None));
        backend.Fail = false;
        var rerun = await jobs.StartAsync(request, null, CancellationToken.None);

        var failed = jobs.Store.List().Single(j => j.Status == TuningJobStatus.Failed);
        Assert.Equal(error.Message, failed.Error);
        Assert.Contains(jobs.Store.Events(failed.Id), e => e.Level == "error" && e.Message == error.Message);
        Assert.False(rerun.Existing);
        Assert.NotEqual(failed.Id, rerun.Job.Id);
        Assert.Equal(TuningJobStatus.Succeeded, rerun.Job.Status);
        Assert.True(rerun.Job.CandidateAdded);
        var cancel = await Assert.ThrowsAsync<InputException>(() => jobs.CancelAsync(rerun.Job with { Status = TuningJobStatus.Running }, CancellationToken.None));
        Assert.Contains("Ctrl+C", cancel.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InProcessTestBackend_CandidateNameTaken_KeepsTheJobSucceededAndSaysWhy()
    {
        using var data = new TuneData();
        var experiment = data.Write();
        ExperimentCandidates.Append(experiment, "tuned-clash", new ModelSpec("openai", "someone-else", null, null, null, null, null, null), TrainingPrompt.Strategy);
        var jobs = Jobs(data, new InProcessBackend());

        var error = await Assert.ThrowsAsync<InputException>(() => jobs.StartAsync(Request(data, experiment, InProcessBackend.BackendName, "clash"), null, CancellationToken.None));

        var job = Assert.Single(jobs.Store.List());
        Assert.Contains("already has a candidate 'tuned-clash'", error.Message, StringComparison.Ordinal);
        Assert.Equal(TuningJobStatus.Succeeded, job.Status);
        Assert.Equal("toy-adapter", job.FineTunedModel);
        Assert.False(job.CandidateAdded);
    }

    [Fact]
    public void Backends_SameNameTwiceOrUnknownName_AreRefused()
    {
        var backends = TuningBackends.Default(new HttpClient(), TimeProvider.System).Add(new InProcessBackend());

        Assert.Throws<ArgumentException>(() => backends.Add(new InProcessBackend()));
        var unknown = Assert.Throws<InputException>(() => backends.Get("nope"));
        Assert.Equal([TuningJobs.RemoteBackend, TuningJobs.LocalBackend, InProcessBackend.BackendName], backends.Names);
        Assert.Contains(InProcessBackend.BackendName, unknown.Hint, StringComparison.Ordinal);
    }

    private static TuningJobs Jobs(TuneData data, ITuningBackend backend) =>
        new(TuningJobStore.Open(Path.Combine(data.Folder, "crossover.db")), TimeProvider.System, TuningBackends.Default(new HttpClient(), TimeProvider.System).Add(backend));

    private static TuningRequest Request(TuneData data, string experiment, string backend, string suffix)
    {
        var training = Path.Combine(data.Folder, "train.jsonl");
        File.WriteAllText(training, """{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}""" + "\n");
        return new TuningRequest(experiment, "toy-base", new TuningHyperparameters(1, null, null, null, suffix), training, null, Backend: backend);
    }

    /// <summary>A provider that queues each job and moves it one scripted status per poll.</summary>
    private sealed class QueueBackend(string[] lifecycle) : IRemoteTuningBackend
    {
        public const string BackendName = "test-queue";

        public int Starts { get; private set; }

        public int Polls { get; private set; }

        public string Name => BackendName;

        public TuningTarget Target(TuningRequest request) => new("queue", request.BaseModel, "http://127.0.0.1:9/v1");

        public Task<TuningJob> StartAsync(TuningJob job, bool resuming, TuningBackendContext context, CancellationToken cancellationToken)
        {
            Starts++;
            return Task.FromResult(job with { ProviderJobId = $"queue-{Starts}", Status = TuningJobStatus.Queued });
        }

        public Task<TuningJob> RefreshAsync(TuningJob job, TuningBackendContext context, CancellationToken cancellationToken)
        {
            var status = lifecycle[Math.Min(Polls++, lifecycle.Length - 1)];
            context.AddEvents(job, [new TuningJobEvent($"{job.ProviderJobId}-{status}", context.Time.GetUtcNow(), "info", $"{job.ProviderJobId} {status}")]);
            var parsed = TuningJobStatuses.Parse(status);
            return Task.FromResult(job with { Status = parsed, FineTunedModel = parsed == TuningJobStatus.Succeeded ? $"{job.BaseModel}:{job.ProviderJobId}" : null });
        }

        public Task<TuningJob> CancelAsync(TuningJob job, TuningBackendContext context, CancellationToken cancellationToken) =>
            Task.FromResult(job with { Status = TuningJobStatus.Cancelled });

        public ModelSpec Candidate(TuningJob job) => new("openai", job.FineTunedModel!, job.BaseUrl, null, null, null, null, null);
    }

    /// <summary>A trainer in this process that finishes at once, or fails with a user error.</summary>
    private sealed class InProcessBackend : ITuningBackend
    {
        public const string BackendName = "test-in-process";

        public bool Fail { get; set; }

        public string Name => BackendName;

        public TuningTarget Target(TuningRequest request) => new("here", request.BaseModel);

        public Task<TuningJob> StartAsync(TuningJob job, bool resuming, TuningBackendContext context, CancellationToken cancellationToken) =>
            Fail
                ? throw new InputException("the toy trainer refused the data", job.TrainingFile)
                : Task.FromResult(job with { Status = TuningJobStatus.Succeeded, FineTunedModel = "toy-adapter" });

        public ModelSpec Candidate(TuningJob job) => new("openai", job.FineTunedModel!, "http://127.0.0.1:9/v1", null, null, null, null, null);
    }
}
