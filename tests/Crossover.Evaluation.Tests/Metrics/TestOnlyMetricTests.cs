using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Metrics;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Metrics;

/// <summary>
/// The one-file recipe for a metric: <see cref="BriefAnswerMetric"/> lives only in this file, is registered with one
/// call, and is read from an experiment, scored on every record and reported with an interval and paired comparisons,
/// with no change to any file under src/.
/// </summary>
public sealed class TestOnlyMetricTests
{
    private static readonly MetricRegistry Registry = MetricRegistry.Default.With(new BriefAnswerMetric());

    [Fact]
    public async Task RegisteredMetric_IsReadScoredAndReportedEndToEnd()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(12);
        // "good" answers with the bare label; "weak" answers items 0, 3, 6, 9 with a sentence around it.
        using var server = new ScriptedServer(request =>
        {
            var index = Workspace.IndexOf(request.UserMessage);
            var label = Workspace.LabelOf(index);
            return Reply.Text(request.Model == "weak-model" && index % 3 == 0 ? $"I would say {label} here" : label);
        });
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl, extra: $"metrics: [{BriefAnswerMetric.MetricName}, accuracy]"), allowOutsideFiles: false, Registry);

        var outcome = await new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, RunStore.Open(workspace.Db));
        var store = RunStore.Open(workspace.Db);
        var report = RunReport.Load(store, outcome.RunId, null, Registry);

        Assert.Equal(BriefAnswerMetric.MetricName, report.Primary);
        Assert.All(store.Records(outcome.RunId), r => Assert.Contains($"\"{BriefAnswerMetric.MetricName}\":", r.Scores, StringComparison.Ordinal));
        var good = report.Candidates.Single(c => c.Name == "good").Metrics[BriefAnswerMetric.MetricName];
        var weak = report.Candidates.Single(c => c.Name == "weak").Metrics[BriefAnswerMetric.MetricName];
        Assert.Equal(1.0, good.Value);
        Assert.Equal(8 / 12.0, weak.Value, 9);
        Assert.Equal("wilson", weak.Method);
        Assert.True(weak.Low < weak.Value && weak.Value < weak.High);
        var comparison = Assert.Single(report.Comparisons);
        Assert.Equal(BriefAnswerMetric.MetricName, comparison.Metric);
        Assert.Equal(4 / 12.0, comparison.Result.Difference, 9);
        Assert.Equal(12, comparison.Result.Items);
    }

    [Fact]
    public void UnregisteredMetric_IsRejectedWithTheKnownOnes()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        var path = workspace.WriteExperiment("http://127.0.0.1:9", extra: $"metrics: [{BriefAnswerMetric.MetricName}]");

        var error = Assert.Throws<InputException>(() => ExperimentReader.Load(path));

        Assert.Contains($"metrics: '{BriefAnswerMetric.MetricName}' is not a known metric", error.Message, StringComparison.Ordinal);
        Assert.Contains(MetricNames.ExactMatch, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisteredMetric_OfAnotherTaskKind_IsRejectedNamingTheKind()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        var registry = MetricRegistry.Default.With(new BriefAnswerMetric { Kinds = [TaskKind.Generation] });
        var path = workspace.WriteExperiment("http://127.0.0.1:9", extra: $"metrics: [{BriefAnswerMetric.MetricName}]");

        var error = Assert.Throws<InputException>(() => ExperimentReader.Load(path, allowOutsideFiles: false, registry));

        Assert.Contains($"metrics: {BriefAnswerMetric.MetricName} needs a generation task", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_ANameTwice_Throws()
    {
        Assert.Throws<ArgumentException>(() => Registry.With(new BriefAnswerMetric()));
    }

    /// <summary>Share of answers of at most two words: defined here only, to prove a metric is one file.</summary>
    private sealed class BriefAnswerMetric : IMetric
    {
        public const string MetricName = "brief-answer";

        public IReadOnlyList<TaskKind> Kinds { get; init; } = [TaskKind.Classification, TaskKind.Generation];

        public string Name => MetricName;

        public string Description => "Share of answers of at most two words.";

        public IReadOnlyList<TaskKind> TaskKinds => Kinds;

        public double? Score(MetricInput input) => input.Answer.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 2 ? 1 : 0;
    }
}
