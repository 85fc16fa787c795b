using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Store;
using Crossover.Evaluation.Strategies;
using Crossover.Tuning.Data;
using Crossover.Tuning.Jobs;

namespace Crossover.Tuning.Tests.Jobs;

public sealed class TuningJobLibraryTests
{
    /// <summary>One quick retry: enough to see a lost answer retried, short enough for a test.</summary>
    internal static CallPolicy FastRetries { get; } = new(TimeSpan.FromSeconds(10), 1, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(120));

    [Fact]
    public void JobStore_InTheRunStoreFile_LeavesRunTablesAndKeepsEventsOnce()
    {
        using var data = new TuneData();
        var db = Path.Combine(data.Folder, "crossover.db");
        var runs = RunStore.Open(db);
        runs.AddRun(new RunInfo("run-1", "routing", "exp.yaml", "name: routing", DateTimeOffset.UnixEpoch, "accuracy", "accuracy", [new RunCandidate("mini", new RunModel("openai", "gpt-4.1-mini", null))]));

        var store = TuningJobStore.Open(db);
        var job = new TuningJob("tj-1", "key", "openai-compatible", "openai", "http://x/v1", null, "KEY", "gpt-4.1-mini", "/e.yaml", "tuned-a", false,
            new TuningHyperparameters(2, null, 0.5, 7, "a"), "/t.jsonl", "ab", null, null, TuningJobStatus.Pending, null, null, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);
        store.Add(job);
        store.Update(job with { ProviderJobId = "ftjob-9", Status = TuningJobStatus.Failed, Error = "bad file" });
        var events = new[] { new TuningJobEvent("e1", DateTimeOffset.UnixEpoch, "info", "created"), new TuningJobEvent("e2", DateTimeOffset.UnixEpoch.AddSeconds(1), "error", "bad file") };
        store.AddEvents("tj-1", events);
        store.AddEvents("tj-1", events);

        Assert.Equal("run-1", Assert.Single(RunStore.Open(db).Runs()).Id);
        var read = TuningJobStore.Open(db).Find("ftjob-9");
        Assert.NotNull(read);
        Assert.Equal(TuningJobStatus.Failed, read.Status);
        Assert.Equal(new TuningHyperparameters(2, null, 0.5, 7, "a"), read.Hyperparameters);
        Assert.Null(store.FindLive("key"));
        Assert.Equal(["created", "bad file"], store.Events("tj-1").Select(e => e.Message));
    }

    [Fact]
    public void JobStore_CreatedWithTheFirstSchema_GainsValidationColumnsAndKeepsItsJobs()
    {
        using var data = new TuneData();
        var db = Path.Combine(data.Folder, "crossover.db");
        // The tuning_jobs table as the first release created it, with one job in it.
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE tuning_jobs (
                  id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL, backend TEXT NOT NULL, provider TEXT NOT NULL,
                  base_url TEXT, api_version TEXT, api_key_env TEXT, base_model TEXT NOT NULL, experiment_path TEXT NOT NULL,
                  candidate_name TEXT NOT NULL, candidate_added INTEGER NOT NULL, hyperparameters TEXT NOT NULL,
                  training_file TEXT NOT NULL, training_file_sha256 TEXT NOT NULL, training_file_id TEXT, provider_job_id TEXT,
                  status TEXT NOT NULL, fine_tuned_model TEXT, trained_tokens INTEGER, error TEXT,
                  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT);
                CREATE TABLE tuning_job_events (
                  job_id TEXT NOT NULL, event_id TEXT NOT NULL, created_at TEXT NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL,
                  PRIMARY KEY (job_id, event_id));
                INSERT INTO tuning_jobs VALUES ('tj-old', 'old-key', 'openai-compatible', 'openai', 'http://x/v1', NULL, 'KEY', 'gpt-4.1-mini',
                  '/e.yaml', 'tuned-old', 0, '{"epochs":2,"batchSize":null,"learningRateMultiplier":null,"seed":null,"suffix":"old"}',
                  '/t.jsonl', 'ab', 'file-1', 'ftjob-1', 'running', NULL, NULL, NULL,
                  '2025-01-01T00:00:00.0000000+00:00', '2025-01-01T00:00:00.0000000+00:00', NULL);
                """;
            create.ExecuteNonQuery();
        }

        var store = TuningJobStore.Open(db);
        var oldJob = store.Find("tj-old");
        store.Update(oldJob! with { Status = TuningJobStatus.Succeeded, FineTunedModel = "ft:x" });
        var job = new TuningJob("tj-new", "new-key", "openai-compatible", "openai", "http://x/v1", null, "KEY", "gpt-4.1-mini", "/e.yaml", "tuned-new", false,
            new TuningHyperparameters(null, null, null, null, "new"), "/t.jsonl", "ab", null, null, TuningJobStatus.Pending, null, null, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, "/v.jsonl", "cd", null);
        store.Add(job);
        store.Update(job with { ValidationFileId = "file-2" });

        Assert.NotNull(oldJob);
        Assert.Equal("ftjob-1", oldJob.ProviderJobId);
        Assert.Null(oldJob.ValidationFile);
        Assert.Null(oldJob.ValidationFileSha256);
        var reopened = TuningJobStore.Open(db);
        Assert.Equal(TuningJobStatus.Succeeded, reopened.Find("tj-old")!.Status);
        Assert.Equal(job with { ValidationFileId = "file-2" }, reopened.Find("tj-new"));
    }

    [Fact]
    public void IdempotencyKey_ValidationFile_ChangesTheKeyAndItsHashCounts()
    {
        using var data = new TuneData();
        var request = new TuningRequest("/e.yaml", "gpt-4.1-mini", new TuningHyperparameters(null, null, null, null, null), "/t.jsonl",
            new FineTuningEndpoint("openai", "http://x/v1", null));

        var jobs = new TuningJobs(TuningJobStore.Open(Path.Combine(data.Folder, "crossover.db")), TimeProvider.System, new HttpClient());

        var none = jobs.IdempotencyKey(request, "aa");
        var one = jobs.IdempotencyKey(request, "aa", "bb");
        var other = jobs.IdempotencyKey(request, "aa", "cc");

        Assert.Equal(none, jobs.IdempotencyKey(request, "aa", null));
        Assert.NotEqual(none, one);
        Assert.NotEqual(one, other);
    }

    [Fact]
    public async Task JobStore_WhileAnotherProcessWrites_WaitsInsteadOfFailing()
    {
        using var data = new TuneData();
        var db = Path.Combine(data.Folder, "crossover.db");
        var store = TuningJobStore.Open(db);
        var job = new TuningJob("tj-2", "key-2", "local", "local", null, null, null, "/models/tiny", "/e.yaml", "tuned-b", false,
            new TuningHyperparameters(1, null, null, null, "b"), "/t.jsonl", "cd", null, null, TuningJobStatus.Running, null, null, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

        // Another writer (an eval run's record batch, say) holds the file's write lock for a moment.
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            other.Open();
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO tuning_job_events (job_id, event_id, created_at, level, message) VALUES ('x', 'y', 'z', 'info', 'm');";
            begin.ExecuteNonQuery();
            var add = Task.Run(() => store.Add(job));
            await Task.Delay(300);
            Assert.False(add.IsCompleted);
            using var commit = other.CreateCommand();
            commit.CommandText = "COMMIT;";
            commit.ExecuteNonQuery();
            await add;
        }

        Assert.Equal(TuningJobStatus.Running, store.Find("tj-2")!.Status);
    }

    [Fact]
    public void AppendCandidate_KeepsCommentsAddsOnceAndStillLoads()
    {
        using var data = new TuneData();
        var path = data.Write();
        File.WriteAllText(path, File.ReadAllText(path).Replace("candidates:", "# the models we compare\ncandidates: # keep this comment", StringComparison.Ordinal) + "\n# trailing note\nrepeats: 1\n");
        var model = new ModelSpec("openai", "ft:gpt-4.1-mini:acme:x:1", "http://127.0.0.1:9/v1", null, "MY_KEY", null, null, "gpt-4.1-mini");

        Assert.True(ExperimentCandidates.Append(path, "tuned-x", model, TrainingPrompt.Strategy));
        Assert.False(ExperimentCandidates.Append(path, "tuned-x", model, TrainingPrompt.Strategy));

        var text = File.ReadAllText(path);
        Assert.Contains("# the models we compare", text, StringComparison.Ordinal);
        Assert.Contains("candidates: # keep this comment", text, StringComparison.Ordinal);
        Assert.Contains("# trailing note\nrepeats: 1", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.Contains("tuned-x", StringComparison.Ordinal));
        var experiment = ExperimentReader.Load(path);
        Assert.Equal(["mini", "tuned-x"], experiment.Candidates.Select(c => c.Name));
        Assert.Equal(model with { PriceAs = "gpt-4.1-mini" }, experiment.Candidates[1].Model);
        Assert.Equal(PromptStrategies.ZeroShot, experiment.Candidates[1].Strategy.Kind);
    }

    [Fact]
    public void AppendCandidate_NameTakenByAnotherModel_FailsAndLeavesFile()
    {
        using var data = new TuneData();
        var path = data.Write();
        var before = File.ReadAllText(path);

        var error = Assert.Throws<InputException>(() => ExperimentCandidates.Append(path, "mini", new ModelSpec("openai", "other", null, null, null, null, null, null), TrainingPrompt.Strategy));

        Assert.Contains("already has a candidate 'mini'", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public async Task LocalBackend_TinyModel_TrainsAdapterRecordsLossesAndAddsLocalCandidate()
    {
        using var data = new TuneData();
        var experiment = data.Write();
        var modelDir = TinyModel.Write(seed: 3);
        var training = Path.Combine(data.Folder, "train.jsonl");
        File.WriteAllLines(training, Enumerable.Range(1, 8).Select(i =>
            $$"""{"messages":[{"role":"system","content":"Route."},{"role":"user","content":"ticket {{i}}"},{"role":"assistant","content":"{{(i % 2 == 0 ? "bug" : "billing")}}"}]}"""));
        var validation = Path.Combine(data.Folder, "validation.jsonl");
        File.WriteAllLines(validation, Enumerable.Range(9, 2).Select(i =>
            $$"""{"messages":[{"role":"system","content":"Route."},{"role":"user","content":"ticket {{i}}"},{"role":"assistant","content":"{{(i % 2 == 0 ? "bug" : "billing")}}"}]}"""));
        var jobs = new TuningJobs(TuningJobStore.Open(Path.Combine(data.Folder, "crossover.db")), TimeProvider.System, new HttpClient());
        var request = new TuningRequest(experiment, modelDir, new TuningHyperparameters(2, 4, 1, 1, "tiny"), training, null, validation);

        var started = await jobs.StartAsync(request, null, CancellationToken.None);
        var again = await jobs.StartAsync(request, null, CancellationToken.None);

        var job = started.Job;
        Assert.False(started.Existing);
        Assert.True(again.Existing);
        Assert.Equal(job.Id, again.Job.Id);
        Assert.Equal(TuningJobStatus.Succeeded, job.Status);
        var cancel = await Assert.ThrowsAsync<InputException>(() => jobs.CancelAsync(job, CancellationToken.None));
        Assert.Contains("has already ended", cancel.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Ctrl+C", cancel.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(job.FineTunedModel!, "adapter_model.safetensors")));
        Assert.True(File.Exists(Path.Combine(job.FineTunedModel!, "adapter_config.json")));
        Assert.Equal(2, jobs.Store.Events(job.Id).Count(e => e.Message.Contains("train loss", StringComparison.Ordinal)));
        Assert.Equal(2, jobs.Store.Events(job.Id).Count(e => e.Message.Contains(", validation loss ", StringComparison.Ordinal)));
        Assert.Equal(TuningJobs.Sha256(validation), job.ValidationFileSha256);
        Assert.Equal(jobs.IdempotencyKey(request, TuningJobs.Sha256(training), job.ValidationFileSha256), job.IdempotencyKey);
        using (var model = Crossover.LocalModels.LocalModel.Load(modelDir))
        {
            var perEpoch = Crossover.LocalModels.TrainingExample.ReadJsonl(training).Sum(e => (long)Crossover.LocalModels.LoraTrainer.Tokenize(model, e, int.MaxValue).Ids.Length);
            Assert.Equal(2 * perEpoch, job.TrainedTokens);
        }

        var candidate = ExperimentReader.Load(experiment).Candidates.Single(c => c.Name == "tuned-tiny");
        Assert.Equal(new ModelSpec("local", Path.GetFullPath(modelDir), null, null, null, null, null, null, job.FineTunedModel), candidate.Model);
    }

    [Fact]
    public async Task LocalBackend_MissingModelFolder_RecordsFailedJob()
    {
        using var data = new TuneData();
        var experiment = data.Write();
        var training = Path.Combine(data.Folder, "train.jsonl");
        File.WriteAllText(training, """{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}""" + "\n");
        var jobs = new TuningJobs(TuningJobStore.Open(Path.Combine(data.Folder, "crossover.db")), TimeProvider.System, new HttpClient());

        await Assert.ThrowsAsync<InputException>(() => jobs.StartAsync(new TuningRequest(experiment, Path.Combine(data.Folder, "nope"), new TuningHyperparameters(1, null, null, null, null), training, null),
            null, CancellationToken.None));

        var job = Assert.Single(jobs.Store.List());
        Assert.Equal(TuningJobStatus.Failed, job.Status);
        Assert.NotNull(job.Error);
        Assert.Contains(jobs.Store.Events(job.Id), e => e.Level == "error");
    }

    [Fact]
    public async Task CrashBetweenCreateAndRecord_RerunFindsTheServersJobWithoutUploadingOrCreatingAgain()
    {
        using var data = new TuneData();
        var experiment = data.Write();
        var training = Path.Combine(data.Folder, "train.jsonl");
        File.WriteAllText(training, """{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}""" + "\n");
        using var server = new FineTuningServer("running") { LoseCreateAnswers = true };
        Environment.SetEnvironmentVariable("CROSSOVER_TUNE_LIB_KEY", "sk-lib");
        var store = TuningJobStore.Open(Path.Combine(data.Folder, "crossover.db"));
        var jobs = new TuningJobs(store, TimeProvider.System, TuningBackends.Default(new HttpClient(), TimeProvider.System, FastRetries));
        var request = new TuningRequest(experiment, "gpt-4.1-mini", new TuningHyperparameters(null, null, null, null, "crash"), training,
            new FineTuningEndpoint("openai", server.V1, "CROSSOVER_TUNE_LIB_KEY"));

        await Assert.ThrowsAsync<InputException>(() => jobs.StartAsync(request, null, CancellationToken.None));
        var pending = Assert.Single(store.List());
        server.LoseCreateAnswers = false;
        var rerun = await jobs.StartAsync(request, null, CancellationToken.None);

        Assert.Equal(TuningJobStatus.Pending, pending.Status);
        Assert.Equal("file-abc123", pending.TrainingFileId);
        Assert.Equal(pending.Id, rerun.Job.Id);
        Assert.Equal("ftjob-1", rerun.Job.ProviderJobId);
        Assert.Equal(1, server.Uploads);
        Assert.Equal(2, server.Creates);
        Assert.Equal(1, server.JobsCreated);
        Assert.All(server.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/fine_tuning/jobs", StringComparison.Ordinal)),
            r => Assert.Equal(pending.Id, r.Headers["idempotency-key"]));
    }
}
