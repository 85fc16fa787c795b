using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Store;

public sealed class EvidenceReaderTests
{
    [Fact]
    public async Task Read_MapsThePrimaryMetricTokensAndLatencyOfBothCandidates()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(20);
        using var server = new ScriptedServer(r => Reply.Text(r.Model == "weak-model" && Workspace.IndexOf(r.UserMessage) % 2 == 1 ? "no idea" : Workspace.LabelOf(Workspace.IndexOf(r.UserMessage)), 50, 3, 10));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl));
        var outcome = await new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, RunStore.Open(workspace.Db));

        var evidence = EvidenceReader.Read(workspace.Db, outcome.RunId, "weak", "good");

        Assert.Equal(outcome.RunId, evidence.RunId);
        Assert.Equal("weak", evidence.Prompted!.Candidate);
        Assert.Equal("weak-model", evidence.Prompted.Model);
        Assert.Equal(0.5, evidence.Prompted.Quality);
        Assert.True(evidence.Prompted.QualityLow < 0.5 && evidence.Prompted.QualityHigh > 0.5);
        Assert.Equal(0.5, evidence.Prompted.FormatCompliance);
        Assert.Equal(1.0, evidence.FineTuned!.Quality);
        Assert.Equal(50, evidence.FineTuned.InputTokensPerRequest);
        Assert.Equal(10, evidence.FineTuned.CachedTokensPerRequest);
        Assert.Equal(3, evidence.FineTuned.OutputTokensPerRequest);
        Assert.True(evidence.FineTuned.LatencyP95Ms > 0);
        Assert.Equal(20, evidence.FineTuned.Items);
    }

    [Fact]
    public async Task Read_UnknownRunOrCandidate_ListsWhatExists()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        using var server = new ScriptedServer(r => Reply.Text("billing"));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment(server.BaseUrl));
        var outcome = await new EvalRunner(new ProviderRegistry(), null).RunAsync(experiment, RunStore.Open(workspace.Db));

        var noRun = Assert.Throws<InputException>(() => EvidenceReader.Read(workspace.Db, "nope", "good", null));
        var noCandidate = Assert.Throws<InputException>(() => EvidenceReader.Read(workspace.Db, outcome.RunId, "good", "tuned"));
        var noStore = Assert.Throws<InputException>(() => EvidenceReader.Read(Path.Combine(workspace.Folder, "none.db"), outcome.RunId, "good", null));

        Assert.Contains($"no run 'nope' in the run store (runs here: {outcome.RunId})", noRun.Message, StringComparison.Ordinal);
        Assert.Equal($"run '{outcome.RunId}' has no candidate 'tuned' (named as the fine-tuned one) (candidates in the run: good, weak)", noCandidate.Message);
        Assert.Contains("no run store here", noStore.Message, StringComparison.Ordinal);
    }
}
