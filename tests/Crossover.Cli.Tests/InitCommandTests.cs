using System.Text.Json;
using Crossover.Cli.Commands;
using Crossover.Core.Catalog;
using Crossover.Core.Profiles;
using Crossover.Evaluation.Experiments;

namespace Crossover.Cli.Tests;

public sealed class InitCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crossover-init-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task InitProfile_Flags_WritesAProfileThatDecideReads()
    {
        var path = Path.Combine(_folder.FullName, "routing.yaml");

        var init = await CliRunner.RunAsync("init", "profile", "--out", path, "--name", "Ticket routing", "--task", "classification", "--requests-per-month", "250000", "--labeled-examples", "800", "--quality-bar", "0.85");
        var decide = await CliRunner.RunAsync("decide", path, "--format", "json");

        Assert.Equal(0, init.ExitCode);
        Assert.Contains("next: crossover decide", init.Stderr, StringComparison.Ordinal);
        var profile = ProfileReader.Load(path);
        Assert.Equal("Ticket routing", profile.Name);
        Assert.Equal(250_000, profile.Traffic.RequestsPerMonth.Likely);
        Assert.Equal(800, profile.Data.LabeledExamples.Likely);
        Assert.Contains("# ", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(0, decide.ExitCode);
        Assert.Equal("Ticket routing", JsonDocument.Parse(decide.Stdout).RootElement.GetProperty("profile").GetProperty("name").GetString());
        Assert.Empty(_folder.GetFiles("*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task InitProfile_ProposesABaseModelThatTakesNewJobs()
    {
        var path = Path.Combine(_folder.FullName, "profile.yaml");

        await CliRunner.RunAsync("init", "profile", "--out", path);

        var catalog = PriceCatalogReader.LoadBundled();
        Assert.True(catalog.FindModel(ProfileReader.Load(path).FineTuned.BaseModel)?.FineTuning is { AcceptsNewJobs: true });
    }

    [Fact]
    public async Task InitProfile_ExistingFileOrUnknownModel_ExitsTwoAndKeepsTheFile()
    {
        var path = Path.Combine(_folder.FullName, "profile.yaml");
        File.WriteAllText(path, "name: mine\n");

        var exists = await CliRunner.RunAsync("init", "profile", "--out", path);
        var typo = await CliRunner.RunAsync("init", "profile", "--out", path, "--force", "--prompted-model", "claude-sonet-4-5");

        Assert.Equal(2, exists.ExitCode);
        Assert.Contains("--force", exists.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("did you mean 'claude-sonnet-4-5'?", typo.Stderr, StringComparison.Ordinal);
        Assert.Equal("name: mine\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task InitExperiment_BundledTickets_DetectsFieldsAndLabelsAndDryRuns()
    {
        var path = Path.Combine(_folder.FullName, "sub", "routing.yaml");
        var data = CliRunner.RepoPath("examples", "ticket-routing", "tickets.jsonl");

        var init = await CliRunner.RunAsync("init", "experiment", "--data", data, "--out", path);
        var dryRun = await CliRunner.RunAsync("eval", path, "--dry-run", "--allow-outside-files", "--format", "json");

        Assert.Equal(0, init.ExitCode);
        var experiment = ExperimentReader.Load(path, allowOutsideFiles: true);
        Assert.Equal("queue", experiment.Dataset.Expected);
        Assert.Equal("id", experiment.Dataset.Id);
        Assert.Equal(Evaluation.Experiments.TaskKind.Classification, experiment.Task.Kind);
        var expectedLabels = File.ReadLines(data).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("queue").GetString()!).Distinct().Order();
        Assert.Equal(expectedLabels, experiment.Task.Labels!.Order());
        Assert.Equal(Path.GetFullPath(data), experiment.Dataset.Path);
        Assert.Contains("{{text}}", experiment.Task.Input, StringComparison.Ordinal);
        Assert.Equal(0, dryRun.ExitCode);
    }

    [Fact]
    public async Task InitExperiment_FreeTextAnswers_IsGenerationAndHonoursNamedFields()
    {
        var data = Path.Combine(_folder.FullName, "qa.csv");
        File.WriteAllLines(data, ["question,reference,notes", .. Enumerable.Range(0, 12).Select(i => $"What is {i} + {i}?,The answer is {2 * i}.,n{i}")]);
        var path = Path.Combine(_folder.FullName, "qa.yaml");

        var init = await CliRunner.RunAsync("init", "experiment", "--data", data, "--out", path, "--expected", "reference", "--input", "question");
        var wrong = await CliRunner.RunAsync("init", "experiment", "--data", data, "--out", Path.Combine(_folder.FullName, "x.yaml"), "--expected", "answer");

        Assert.Equal(0, init.ExitCode);
        var experiment = ExperimentReader.Load(path);
        Assert.Equal(Evaluation.Experiments.TaskKind.Generation, experiment.Task.Kind);
        Assert.Equal("reference", experiment.Dataset.Expected);
        Assert.Equal("{{question}}", experiment.Task.Input);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("fields: question, reference, notes", wrong.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Candidates_FollowTheEnvironment_AndNeverEndEmpty()
    {
        static Func<string, string?> Env(params string[] set) => name => set.Contains(name) ? "set" : null;

        Assert.Contains(InitCommand.Candidates(Env("ANTHROPIC_API_KEY"), null), c => c.Yaml.Contains("provider: anthropic", StringComparison.Ordinal));
        Assert.DoesNotContain(InitCommand.Candidates(Env("ANTHROPIC_API_KEY"), null), c => c.Yaml.Contains("provider: openai", StringComparison.Ordinal));
        Assert.All(InitCommand.Candidates(Env(), "models/tiny"), c => Assert.Contains("provider: local, id: models/tiny", c.Yaml, StringComparison.Ordinal));
        var none = InitCommand.Candidates(Env(), null);
        Assert.NotEmpty(none);
        Assert.Contains("export OPENAI_API_KEY", none[0].Comment, StringComparison.Ordinal);
    }
}
