using System.Text.Json;
using Crossover.Evaluation.Experiments;
using Crossover.Tuning.Jobs;

namespace Crossover.Cli.Tests;

public sealed class TuneJobCommandTests
{
    private const string KeyEnv = "CROSSOVER_TUNE_TEST_KEY";

    static TuneJobCommandTests() => Environment.SetEnvironmentVariable(KeyEnv, "sk-test-secret");

    [Fact]
    public async Task Start_SucceedingJob_RecordsModelAndTokensAndAddsCandidateOnce()
    {
        using var data = new TuneData();
        var experiment = data.Write();
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("candidates:", "# compared models\ncandidates:", StringComparison.Ordinal));
        using var server = new FineTuningServer("validating_files", "running", "succeeded");

        var result = await Start(data, server, "--epochs", "2", "--learning-rate-multiplier", "0.5", "--seed", "7", "--wait", "--poll-interval", "0.05");
        var status = await CliRunner.RunAsync("tune", "status", JobId(data), "--db", Db(data));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("fine-tuned model: " + server.FineTunedModel, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("trained tokens: 4242", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("no longer accepts new fine-tuning jobs", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("estimated training cost", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-secret", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("status: succeeded", status.Stdout, StringComparison.Ordinal);

        var create = server.Requests.Single(r => r.Method == "POST" && r.Path == "/v1/fine_tuning/jobs");
        Assert.Equal("Bearer sk-test-secret", create.Headers["authorization"]);
        Assert.StartsWith("tj-", create.Headers["idempotency-key"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal("file-abc123", body.RootElement.GetProperty("training_file").GetString());
        Assert.Equal("gpt-4.1-mini", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("routing", body.RootElement.GetProperty("suffix").GetString());
        Assert.False(body.RootElement.TryGetProperty("hyperparameters", out _));
        Assert.False(body.RootElement.TryGetProperty("validation_file", out _));
        var method = body.RootElement.GetProperty("method");
        Assert.Equal("supervised", method.GetProperty("type").GetString());
        var hyper = method.GetProperty("supervised").GetProperty("hyperparameters");
        Assert.Equal(2, hyper.GetProperty("n_epochs").GetInt32());
        Assert.Equal(0.5, hyper.GetProperty("learning_rate_multiplier").GetDouble());
        Assert.False(hyper.TryGetProperty("batch_size", out _));
        Assert.Equal(7, body.RootElement.GetProperty("seed").GetInt32());

        var text = File.ReadAllText(experiment);
        Assert.Contains("# compared models", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.Contains("name: \"tuned-routing\"", StringComparison.Ordinal));
        var tuned = ExperimentReader.Load(experiment).Candidates.Single(c => c.Name == "tuned-routing");
        Assert.Equal(new ModelSpec("openai", server.FineTunedModel, server.V1, null, KeyEnv, null, null, "gpt-4.1-mini"), tuned.Model);
    }

    [Fact]
    public async Task Start_ExperimentWithDevSplit_UploadsDevSplitAsValidationFileAndRecordsIt()
    {
        using var data = new TuneData { Split = "{ train: 0.75, dev: 0.25, test: 0 }" };
        data.Write();
        using var server = new FineTuningServer("running");

        var result = await Start(data, server, "--epochs", "2");
        var status = await CliRunner.RunAsync("tune", "status", JobId(data), "--db", Db(data), "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("validation data: 4 dev examples", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, server.Uploads);
        var create = server.Requests.Single(r => r.Method == "POST" && r.Path == "/v1/fine_tuning/jobs");
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal("file-abc123", body.RootElement.GetProperty("training_file").GetString());
        var validationId = body.RootElement.GetProperty("validation_file").GetString()!;
        Assert.NotEqual("file-abc123", validationId);
        var job = TuningJobStore.Open(Db(data)).List().Single();
        Assert.Equal(validationId, job.ValidationFileId);
        Assert.Equal(TuningJobs.Sha256(job.ValidationFile!), job.ValidationFileSha256);
        Assert.EndsWith(".jsonl", job.ValidationFile, StringComparison.Ordinal);
        Assert.Equal(Path.GetDirectoryName(job.TrainingFile), Path.GetDirectoryName(job.ValidationFile));
        // The dev records, in the training file's format with the zero-shot production prompt, and none of them in training.
        var devLines = File.ReadAllLines(job.ValidationFile!);
        Assert.Equal(4, devLines.Length);
        Assert.All(devLines, l => Assert.Contains("{\"role\":\"system\",\"content\":\"Route the support ticket.\\nAnswer with exactly one of: billing, bug. Reply with the label only.\"}", l, StringComparison.Ordinal));
        var trainText = File.ReadAllText(job.TrainingFile);
        Assert.All(devLines, l => Assert.DoesNotContain(l, trainText, StringComparison.Ordinal));
        Assert.Contains(devLines[0], server.Files[validationId], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(status.Stdout);
        Assert.Equal(job.ValidationFileSha256, json.RootElement.GetProperty("validationFileSha256").GetString());

        var again = await Start(data, server, "--epochs", "2");
        var without = await Start(data, server, "--epochs", "2", "--no-validation");

        Assert.Contains("nothing submitted", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, without.ExitCode);
        Assert.DoesNotContain("validation data", without.Stderr, StringComparison.Ordinal);
        Assert.Contains("started job", without.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, server.Uploads);
        var second = server.Requests.Where(r => r.Method == "POST" && r.Path == "/v1/fine_tuning/jobs").Last();
        using var secondBody = JsonDocument.Parse(second.Body);
        Assert.False(secondBody.RootElement.TryGetProperty("validation_file", out _));
        var jobs = TuningJobStore.Open(Db(data)).List();
        Assert.Equal(2, jobs.Count);
        Assert.Null(jobs.Single(j => j.Id != job.Id).ValidationFileSha256);
    }

    [Fact]
    public async Task Report_WithJobs_ShowsEachJobWithItsTunedModelTokensAndTrainingCost()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer("running", "succeeded");
        Assert.Equal(0, (await Start(data, server, "--wait", "--poll-interval", "0.05")).ExitCode);
        var page = Path.Combine(data.Folder, "report.html");

        var result = await CliRunner.RunAsync("report", CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml"), "--out", page, "--jobs", "--db", Db(data));

        Assert.Equal(0, result.ExitCode);
        var html = File.ReadAllText(page);
        var section = html[html.IndexOf("<section id=\"tuning-jobs\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains(JobId(data), section, StringComparison.Ordinal);
        Assert.Contains($"{server.FineTunedModel} → tuned-routing", section, StringComparison.Ordinal);
        Assert.Contains("4,242", section, StringComparison.Ordinal);
        Assert.Contains("succeeded", section, StringComparison.Ordinal);
        Assert.DoesNotContain("without a catalog training price", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WithJobsButNoStore_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("report", CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml"),
            "--out", Path.Combine(Path.GetTempPath(), "never.html"), "--jobs", "--db", "/nonexistent/crossover.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no run store here", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Wait_SaysStartedBeforeWaitingThenPrintsEachPollAndEachNewEventUntilTheJobEnds()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer("validating_files", "running", "succeeded");

        var result = await Start(data, server, "--wait", "--poll-interval", "0.05");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stderr.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var id = JobId(data);
        var started = lines.FindIndex(l => l.StartsWith($"started job {id}", StringComparison.Ordinal));
        var waiting = lines.FindIndex(l => l.StartsWith($"waiting for {id} (validating_files)", StringComparison.Ordinal));
        Assert.InRange(started, 0, waiting - 1);
        // The server moves the job one status per GET, so each poll sees the next one, and logs an event on each change.
        var polls = lines.Select((line, index) => (line, index)).Where(p => System.Text.RegularExpressions.Regex.IsMatch(p.line, $@"^{id}: \w+ \(\d+:\d\d:\d\d waited\)$")).ToList();
        Assert.Equal(["validating_files", "running", "succeeded"], polls.Select(p => p.line.Split(' ')[1]));
        Assert.All(polls, p => Assert.True(p.index > waiting));
        var entered = lines.FindIndex(l => l == $"{id}: Job entered succeeded");
        Assert.InRange(entered, polls[1].index + 1, polls[2].index - 1);
        Assert.Single(lines, l => l == $"{id}: Job entered running");
    }

    [Fact]
    public async Task Start_FailingJob_ExitsOneAndKeepsErrorEvents()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer("running", "failed");

        var result = await Start(data, server, "--wait", "--poll-interval", "0.05");
        var status = await CliRunner.RunAsync("tune", "status", JobId(data), "--db", Db(data), "--format", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("failed", result.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(status.Stdout);
        Assert.Equal("failed", json.RootElement.GetProperty("status").GetString());
        Assert.Contains(server.FailureMessage, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(json.RootElement.GetProperty("events").EnumerateArray(),
            e => e.GetProperty("level").GetString() == "error" && e.GetProperty("message").GetString() == server.FailureMessage);
        Assert.False(json.RootElement.GetProperty("candidateAdded").GetBoolean());
        Assert.DoesNotContain("tuned-", File.ReadAllText(data.Experiment), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_JobStaysQueuedPastWaitLimit_ExitsOneAndStaysRecordedQueued()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer("queued");

        var result = await Start(data, server, "--wait", "--poll-interval", "0.05", "--timeout", "0.3");
        var status = await CliRunner.RunAsync("tune", "status", "--db", Db(data), "--format", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is still queued after 0.3s", result.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(status.Stdout);
        Assert.Equal("queued", Assert.Single(json.RootElement.GetProperty("jobs").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task RestartMidPoll_SecondInvocationFinishesAndStartAgainSubmitsNothing()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer("queued", "queued", "queued", "queued", "running", "succeeded");

        var first = await Start(data, server, "--wait", "--poll-interval", "0.05", "--timeout", "0.1");
        var resumed = await CliRunner.RunAsync("tune", "status", JobId(data), "--wait", "--poll-interval", "0.05", "--db", Db(data));
        var again = await Start(data, server);

        Assert.Equal(1, first.ExitCode);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("status: succeeded", resumed.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("nothing submitted", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, server.Uploads);
        Assert.Equal(1, server.Creates);
        Assert.Single(ExperimentReader.Load(data.Experiment).Candidates, c => c.Name == "tuned-routing");
    }

    [Fact]
    public async Task Start_RateLimitedWithRetryAfter_RetriesOnceAndCreatesOneJob()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer("queued")
        {
            Fault = (r, attempt) => r.Method == "POST" && r.Path.EndsWith("/fine_tuning/jobs", StringComparison.Ordinal) && attempt == 1 ? (429, "1") : null,
        };
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await Start(data, server);

        Assert.Equal(0, result.ExitCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"took {watch.Elapsed}: Retry-After not honoured");
        Assert.Equal(2, server.Creates);
        Assert.Equal(1, server.JobsCreated);
        Assert.Contains("status: validating_files", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AlwaysRateLimited_FailsWithOneLineAfterRetries()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer { Fault = (r, _) => r.Path.EndsWith("/files", StringComparison.Ordinal) ? (429, "0") : null };

        var result = await Start(data, server);

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("answered 429 after 4 retries", error, StringComparison.Ordinal);
        Assert.Equal(5, server.Uploads);
    }

    [Fact]
    public async Task Cancel_RunningJob_CancelsAtProvider()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer("running");
        await Start(data, server);

        var result = await CliRunner.RunAsync("tune", "cancel", JobId(data), "--db", Db(data));
        var again = await CliRunner.RunAsync("tune", "cancel", JobId(data), "--db", Db(data));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("status: cancelled", result.Stdout, StringComparison.Ordinal);
        Assert.Single(server.Requests, r => r.Method == "POST" && r.Path == "/v1/fine_tuning/jobs/ftjob-1/cancel");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already ended", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AzureProvider_UsesOpenAiPathsApiVersionAndApiKeyHeader()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer("succeeded");

        var result = await CliRunner.RunAsync("tune", "start", data.Experiment, "--backend", "openai-compatible", "--provider", "azure-openai", "--model", "gpt-4.1-mini",
            "--base-url", server.BaseUrl, "--api-key-env", KeyEnv, "--db", Db(data), "--epochs", "3", "--wait", "--poll-interval", "0.05");

        Assert.Equal(0, result.ExitCode);
        var upload = server.Requests.First();
        Assert.Equal("/openai/files", upload.Path);
        Assert.Equal("?api-version=2024-10-21", upload.Query);
        Assert.Equal("sk-test-secret", upload.Headers["api-key"]);
        Assert.False(upload.Headers.ContainsKey("authorization"));
        var create = server.Requests.Single(r => r.Method == "POST" && r.Path == "/openai/fine_tuning/jobs");
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal(3, body.RootElement.GetProperty("hyperparameters").GetProperty("n_epochs").GetInt32());
        Assert.False(body.RootElement.TryGetProperty("method", out _));
        Assert.Equal("azure-openai", ExperimentReader.Load(data.Experiment).Candidates[^1].Model.Provider);
    }

    [Fact]
    public async Task Start_UnreachableEndpoint_OneClearLineExitTwo()
    {
        using var data = new TuneData();
        data.Write();

        var result = await CliRunner.RunAsync("tune", "start", data.Experiment, "--backend", "openai-compatible", "--model", "gpt-4.1-mini",
            "--base-url", "http://127.0.0.1:1/v1", "--api-key-env", KeyEnv, "--db", Db(data));

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("cannot reach http://127.0.0.1:1/v1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ApiKeyVariableNotSet_FailsBeforeAnyCall()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer();

        var result = await CliRunner.RunAsync("tune", "start", data.Experiment, "--backend", "openai-compatible", "--model", "gpt-4.1-mini",
            "--base-url", server.V1, "--api-key-env", "CROSSOVER_TUNE_UNSET_KEY", "--db", Db(data));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("the environment variable CROSSOVER_TUNE_UNSET_KEY is not set", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Status_NoJob_ListsEveryJobInATable()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer("running");
        await Start(data, server);

        var result = await CliRunner.RunAsync("tune", "status", "--db", Db(data));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(JobId(data), result.Stdout, StringComparison.Ordinal);
        Assert.Contains("running", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_WithoutCheck_AddsCandidateOnce()
    {
        using var data = new TuneData();
        data.Write();

        var result = await CliRunner.RunAsync("tune", "import", "vllm-lora", "--experiment", data.Experiment, "--base-url", "http://127.0.0.1:8000/v1", "--model", "routing-lora");
        var again = await CliRunner.RunAsync("tune", "import", "vllm-lora", "--experiment", data.Experiment, "--base-url", "http://127.0.0.1:8000/v1", "--model", "routing-lora");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("unchanged", again.Stdout, StringComparison.Ordinal);
        var candidate = Assert.Single(ExperimentReader.Load(data.Experiment).Candidates, c => c.Name == "vllm-lora");
        Assert.Equal(new ModelSpec("openai", "routing-lora", "http://127.0.0.1:8000/v1", null, null, null, null, null), candidate.Model);
    }

    [Fact]
    public async Task Start_ThreeConcurrentStartsOfOneJob_RecordOneJobAndExitCleanly()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer("running");

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Start(data, server))));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.All(results, r => Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal));
        Assert.Single(TuningJobStore.Open(Db(data)).List());
        Assert.Equal(1, server.Creates);
    }

    [Fact]
    public async Task Import_FileWithByteOrderMark_KeepsIt()
    {
        using var data = new TuneData();
        data.Write();
        File.WriteAllBytes(data.Experiment, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(data.Experiment)]);

        var result = await CliRunner.RunAsync("tune", "import", "vllm-lora", "--experiment", data.Experiment, "--base-url", "http://127.0.0.1:8000/v1", "--model", "routing-lora");

        Assert.Equal(0, result.ExitCode);
        var bytes = File.ReadAllBytes(data.Experiment);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.NotEqual([0xEF, 0xBB, 0xBF], bytes[3..6]);
        Assert.Contains(ExperimentReader.Load(data.Experiment).Candidates, c => c.Name == "vllm-lora");
    }

    [Fact]
    public async Task Import_WithCheck_AddsServedModelAndRefusesUnservedOne()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer();
        server.Models.AddRange(["meta-llama/Llama-3.2-1B", "routing-lora"]);

        var served = await CliRunner.RunAsync("tune", "import", "lora", "--experiment", data.Experiment, "--base-url", server.V1, "--model", "routing-lora", "--check");
        var before = File.ReadAllText(data.Experiment);
        var missing = await CliRunner.RunAsync("tune", "import", "other", "--experiment", data.Experiment, "--base-url", server.V1, "--model", "other-lora", "--check");

        Assert.Equal(0, served.ExitCode);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not serve 'other-lora'", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("routing-lora", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(data.Experiment));
        Assert.Equal(2, server.Requests.Count(r => r.Path == "/v1/models"));
    }

    [Fact]
    public async Task Import_WithCheck_ServerWithoutModelsEndpoint_AsksOnceAndExitsTwo()
    {
        using var data = new TuneData();
        data.Write();
        using var server = new FineTuningServer { Fault = (r, _) => r.Path == "/v1/models" ? (501, null) : null };

        var result = await CliRunner.RunAsync("tune", "import", "lora", "--experiment", data.Experiment, "--base-url", server.V1, "--model", "routing-lora", "--check");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(server.Requests, r => r.Path == "/v1/models");
    }

    private static string Db(TuneData data) => Path.Combine(data.Folder, ".crossover", "crossover.db");

    private static string JobId(TuneData data) =>
        TuningJobStore.Open(Db(data)).List().Single().Id;

    private static Task<CliResult> Start(TuneData data, FineTuningServer server, params string[] extra) =>
        CliRunner.RunAsync([
            "tune", "start", data.Experiment, "--backend", "openai-compatible", "--model", "gpt-4.1-mini", "--suffix", "routing",
            "--base-url", server.V1, "--api-key-env", KeyEnv, "--db", Db(data), .. extra]);

    [Fact]
    public async Task Start_LocalBackendOnTinyModel_WritesAdapterUnderWorkspaceAndAddsLocalCandidate()
    {
        using var data = new TuneData();
        data.Write();
        var model = TinyModel.Write(seed: 2);

        var result = await CliRunner.RunAsync("tune", "start", data.Experiment, "--backend", "local", "--model", model, "--epochs", "1", "--suffix", "tiny",
            "--db", Db(data), "--format", "json");
        var again = await CliRunner.RunAsync("tune", "start", data.Experiment, "--backend", "local", "--model", model, "--epochs", "1", "--suffix", "tiny", "--db", Db(data));

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());
        var adapter = json.RootElement.GetProperty("fineTunedModel").GetString()!;
        Assert.Equal(Path.Combine(data.Folder, ".crossover", "adapters", json.RootElement.GetProperty("id").GetString()!), adapter);
        Assert.True(File.Exists(Path.Combine(adapter, "adapter_model.safetensors")));
        Assert.Contains("step 1/", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing submitted", again.Stderr, StringComparison.Ordinal);
        var candidate = Assert.Single(ExperimentReader.Load(data.Experiment).Candidates, c => c.Name == "tuned-tiny");
        Assert.Equal("local", candidate.Model.Provider);
        Assert.Equal(adapter, candidate.Model.Adapter);
    }
}
