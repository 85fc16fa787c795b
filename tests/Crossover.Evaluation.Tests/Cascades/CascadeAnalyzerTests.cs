using Crossover.Core.Input;
using Crossover.Evaluation.Cascades;
using Crossover.Evaluation.Results;
using Crossover.Routing;

namespace Crossover.Evaluation.Tests.Cascades;

public sealed class CascadeAnalyzerTests
{
    [Fact]
    public async Task DevTestRun_RecordsEachSplitAndTheLogProbs_AndTheReportCoversTestOnly()
    {
        using var run = await CascadeRun.CreateAsync();

        var records = run.Store.Records(run.RunId).ToList();
        var report = RunReport.Load(run.Store, run.RunId, CascadeRun.Catalog);

        Assert.Equal(80, records.Count(r => r.Split == "dev"));
        Assert.Equal(80, records.Count(r => r.Split == "test"));
        Assert.All(report.Candidates, c => Assert.Equal(40, c.Items));
        Assert.All(run.Server.Requests, r => Assert.True((bool?)r.Body["logprobs"] == true));
        var billing = records.First(r => r.Candidate == CascadeRun.Cheap && r.Expected == "billing");
        Assert.Equal([Math.Log(0.9)], billing.LogProbs!);
        Assert.Null(records.First(r => r.Candidate == CascadeRun.Strong).LogProbs);
    }

    [Fact]
    public async Task DefaultObjective_MatchesTheStrongestOnDev_AtTheHandComputedThresholdAndCost()
    {
        using var run = await CascadeRun.CreateAsync();

        var analysis = CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions());

        // Dev (10 items per label): the confidence grid is {0.6, 0.7, 0.9, 0.95}. The target is mini's dev quality, 1.0.
        // 0.6 accepts billing, bug, account → 30/40; 0.7 billing, account → 30/40; 0.9 billing only → 40/40 at nano + ¾ mini;
        // 0.95 accepts nothing ("not sure" fails the format check) → 40/40 at nano + mini. The cheapest reaching 1.0 is 0.9.
        Assert.Equal(("mini", 40, 40, "accuracy"), (analysis.Strongest, analysis.DevItems, analysis.TestItems, analysis.Metric));
        var confidence = analysis.Option("nano>mini@confidence");
        Assert.Equal(0.9, confidence.Threshold!.Value, 12);
        Assert.Equal(["nano", "mini"], confidence.Stages);

        // Test: billing's 10 stay on nano, 30 are escalated; every answer right; each request pays nano, ¾ of them mini too.
        Assert.Equal((40.0, 40, 1.0), (confidence.Correct, confidence.Items, confidence.Quality.Value));
        Assert.Equal([0.25, 0.75], confidence.AnsweredShare);
        Assert.Equal(CascadeRun.CheapCost + (0.75 * CascadeRun.StrongCost), confidence.CostPerRequestUsd, 15);
        Assert.Equal(1.0, confidence.FormatCompliance);
        Assert.Equal(0, confidence.VersusStrongest.Difference);

        // The format gate alone accepts billing, bug and account: 30/40 right for nano + ¼ mini.
        var format = analysis.Option("nano>mini@format");
        Assert.Null(format.Threshold);
        Assert.Equal((30.0, 0.75), (format.Correct, format.Quality.Value));
        Assert.Equal([0.75, 0.25], format.AnsweredShare);
        Assert.Equal(CascadeRun.CheapCost + (0.25 * CascadeRun.StrongCost), format.CostPerRequestUsd, 15);
        Assert.Equal(-0.25, format.VersusStrongest.Difference, 12);
        Assert.True(format.VersusStrongest.High < 0);

        // The singles: nano right on billing and bug only; mini always.
        Assert.Equal(20.0, analysis.Option("nano").Correct);
        Assert.Equal(CascadeRun.CheapCost, analysis.Option("nano").CostPerRequestUsd, 15);
        Assert.Equal(40.0, analysis.Option("mini").Correct);
        Assert.Equal(CascadeRun.StrongCost, analysis.Option("mini").CostPerRequestUsd, 15);

        // nano + ¾ mini (18.2 µ$) is cheaper than mini (19.2 µ$) at the same quality, so mini leaves the frontier.
        Assert.Equal(["nano", "nano>mini@format", "nano>mini@confidence"], analysis.Frontier);
        Assert.Equal("nano>mini@confidence", analysis.Recommended);
    }

    [Fact]
    public async Task TargetQuality_CalibratesTheCheapestThresholdReachingIt_AndRecommendsOnTheTestLowerBound()
    {
        using var run = await CascadeRun.CreateAsync();

        var lower = CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions { Objective = new(0.75, null) });
        var higher = CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions { Objective = new(0.9, null) });

        // 0.75 on dev: 0.6 (nano + ¼ mini) and 0.7 (nano + ½ mini) both reach it; 0.6 is cheaper.
        var cheap = lower.Option("nano>mini@confidence");
        Assert.Equal(0.6, cheap.Threshold!.Value, 12);
        Assert.Equal(30.0, cheap.Correct);
        Assert.Equal(CascadeRun.CheapCost + (0.25 * CascadeRun.StrongCost), cheap.CostPerRequestUsd, 15);

        // 40/40 has a Wilson lower bound of 0.912, which clears 0.9; 30/40 (0.75) does not.
        Assert.Equal(0.9, higher.Option("nano>mini@confidence").Threshold!.Value, 12);
        Assert.Equal("nano>mini@confidence", higher.Recommended);
    }

    [Fact]
    public async Task Budget_CalibratesTheBestThresholdWithinIt()
    {
        using var run = await CascadeRun.CreateAsync();

        // USD 0.012 per 1,000 = 12 µ$ per request: 0.6 (8.6 µ$) fits, 0.7 (13.4 µ$) does not. 0.0185 per 1,000 admits 0.9 (18.2 µ$).
        var tight = CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions { Objective = new(null, 0.012) });
        var loose = CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions { Objective = new(null, 0.0185) });

        Assert.Equal(0.6, tight.Option("nano>mini@confidence").Threshold!.Value, 12);
        Assert.Equal(0.9, loose.Option("nano>mini@confidence").Threshold!.Value, 12);
        Assert.Equal("nano>mini@confidence", loose.Recommended);
    }

    [Fact]
    public async Task Analysis_StoredWithItsRun_ReadsBackAsMeasuredEvidence()
    {
        using var run = await CascadeRun.CreateAsync();
        var analysis = CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions());

        CascadeStore.Save(run.Store, analysis);
        var measured = CascadeStore.Measured(run.Workspace.Db, run.RunId, null);

        Assert.Equal(analysis.ToJson(), CascadeStore.Load(run.Store, run.RunId).ToJson());
        Assert.Equal(("nano>mini@confidence", 40.0, 40, 1.0, 0.25), (measured.Name, measured.Correct, measured.Total, measured.FormatCompliance, measured.FirstStageShare));
        Assert.Equal(CascadeRun.CheapCost + (0.75 * CascadeRun.StrongCost), measured.CostPerRequestUsd, 15);
        Assert.Throws<InputException>(() => CascadeStore.Measured(run.Workspace.Db, run.RunId, "mini"));
    }

    [Fact]
    public async Task RunAnsweredFromTheCache_KeepsTheLogProbs_AndTheSameAnalysis()
    {
        using var run = await CascadeRun.CreateAsync();
        var calls = run.Server.Requests.Count;

        var again = await new Crossover.Evaluation.Running.EvalRunner(new Crossover.Evaluation.Providers.ProviderRegistry(), CascadeRun.Catalog).RunAsync(Crossover.Evaluation.Experiments.ExperimentReader.Load(run.ExperimentPath), run.Store);

        Assert.Equal(calls, run.Server.Requests.Count);
        var cached = run.Store.Records(again.RunId).Where(r => r.Candidate == CascadeRun.Cheap).ToList();
        Assert.All(cached, r => Assert.True(r.FromCache && r.LogProbs is { Count: > 0 }));
        var first = CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions());
        var second = CascadeAnalyzer.Analyze(run.Store, again.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions());
        Assert.Equal(first.Options.Select(o => (o.Name, o.Threshold, o.Correct)), second.Options.Select(o => (o.Name, o.Threshold, o.Correct)));
    }

    [Fact]
    public async Task RunWithoutDevRecords_IsRefusedWithTheFix()
    {
        using var run = await CascadeRun.CreateAsync(evaluate: "test");

        var error = Assert.Throws<InputException>(() => CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions()));

        Assert.Contains("no dev records", error.Message, StringComparison.Ordinal);
        Assert.Contains("evaluate: dev+test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfidenceGateWithoutLogProbs_IsRefusedWhenAskedFor_AndSkippedOtherwise()
    {
        using var run = await CascadeRun.CreateAsync(logProbs: false);

        var error = Assert.Throws<InputException>(() => CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions { Gates = [CascadeGate.Confidence] }));
        var analysis = CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions());

        Assert.All(run.Server.Requests, r => Assert.Null(r.Body["logprobs"]));
        Assert.Contains("'nano' has no token log-probabilities", error.Message, StringComparison.Ordinal);
        Assert.Equal(["mini", "nano", "nano>mini@format"], analysis.Options.Select(o => o.Name));
    }

    [Fact]
    public async Task UnknownStage_NamesTheRunsCandidates()
    {
        using var run = await CascadeRun.CreateAsync();

        var error = Assert.Throws<InputException>(() => CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions { Stages = ["nano", "gpt-5"] }));

        Assert.Contains("no candidate 'gpt-5'", error.Message, StringComparison.Ordinal);
        Assert.Contains("mini, nano", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgreementGate_ReadsTheRepeats_AndCountsEverySample()
    {
        using var run = await CascadeRun.CreateAsync(repeats: 3);

        var analysis = CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions { Gates = [CascadeGate.Agreement] });

        // The scripted model answers the same every time: every repeat agrees, so agreement accepts what the format check
        // accepts (billing, bug, account) and each request pays three nano samples.
        var agreement = analysis.Option("nano>mini@agreement");
        Assert.Equal((1.0, 30.0), (agreement.Threshold, agreement.Correct));
        Assert.Equal((3 * CascadeRun.CheapCost) + (0.25 * CascadeRun.StrongCost), agreement.CostPerRequestUsd, 15);
    }
}
