using System.Diagnostics;
using Crossover.Evaluation.Curves;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Store;
using Crossover.Evaluation.Tokens;
using Crossover.LocalModels;
using Crossover.Tuning.Curves;

namespace Crossover.Tuning.Tests.Curves;

public sealed class LearningCurveTests
{
    [Fact]
    public async Task Run_ToyKeysOnTinyModel_QualityRisesWithDataAndEverySizeIsStored()
    {
        using var workspace = new CurveWorkspace();
        var experiment = ExperimentReader.Load(workspace.Experiment);
        var store = RunStore.Open(workspace.Db);
        var options = Options(workspace, 4, 16, 64);
        var log = new List<string>();
        var watch = Stopwatch.StartNew();

        var curve = await new LearningCurveRunner(new CallSetup(Providers(), Catalog: null)).RunAsync(experiment, options, store, log.Add);

        Console.WriteLine($"curve in {watch.Elapsed.TotalSeconds:0.0} s: " + string.Join("; ", curve.Points.Select(p => $"{p.Examples}: {p.Quality.Value:0.00} [{p.Quality.Low:0.00}, {p.Quality.High:0.00}] {p.TrainingSeconds:0.0}s")) + $"; baseline {curve.Baseline!.Quality.Value:0.00}");
        Assert.Equal([4, 16, 64], curve.Points.Select(p => p.Examples));
        Assert.All(curve.Points, p => Assert.Equal(100, p.Items));
        Assert.True(curve.Points[2].Quality.Low > curve.Points[0].Quality.High,
            $"64 examples ({curve.Points[2].Quality.Value:0.00}) should clearly beat 4 ({curve.Points[0].Quality.Value:0.00})");
        Assert.True(curve.Points[2].Quality.Value >= 0.9, $"64 examples cover every key but scored {curve.Points[2].Quality.Value:0.00}");
        Assert.Equal("base-zero-shot", curve.Baseline.Candidate);
        Assert.Equal(curve.RunId, curve.Baseline.RunId);
        Assert.NotNull(curve.ClearingSize);
        Assert.True(curve.Points.First(p => p.Examples == curve.ClearingSize).Quality.Low > curve.Baseline.Quality.Value);
        Assert.True(curve.Points[1].TrainingTokens > curve.Points[0].TrainingTokens && curve.Points[2].TrainingTokens > curve.Points[1].TrainingTokens);
        Assert.All(curve.Points, p => Assert.True(File.Exists(Path.Combine(p.Adapter, "adapter_model.safetensors"))));

        var run = RunReport.Load(store, curve.RunId, catalog: null);
        Assert.Equal(["base-zero-shot", "curve-4", "curve-16", "curve-64"], run.Candidates.Select(c => c.Name));
        Assert.All(run.Candidates, c => Assert.Equal(100, c.Items));
        Assert.Equal(curve.ToJson(), LearningCurveStore.Load(store, curve.RunId).ToJson());
    }

    [Fact]
    public async Task Run_SizeAboveTrainSplit_NamesTheSplitSizeBeforeTraining()
    {
        using var workspace = new CurveWorkspace();
        var experiment = ExperimentReader.Load(workspace.Experiment);
        var store = RunStore.Open(workspace.Db);

        var error = await Assert.ThrowsAsync<Core.Input.InputException>(() =>
            new LearningCurveRunner(new CallSetup(Providers(), Catalog: null)).RunAsync(experiment, Options(workspace, 10, 101), store));

        Assert.Contains("size 101 is larger than the train split, which has 100 examples", error.Message);
        Assert.Empty(store.Runs());
    }

    [Theory]
    [InlineData(new[] { 10, 10 }, "sizes must increase, but 10 follows 10")]
    [InlineData(new[] { 20, 10 }, "sizes must increase, but 10 follows 20")]
    [InlineData(new[] { 0, 10 }, "size 0 is not a positive number of examples")]
    public void Validate_BadSizes_NamesTheBadOne(int[] sizes, string message)
    {
        var options = new LearningCurveOptions { Sizes = sizes, ModelDirectory = "model" };

        var error = Assert.Throws<Core.Input.InputException>(options.Validate);

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Order_EveryPrefix_IsNestedAndKeepsTheLabelMix()
    {
        var items = Enumerable.Range(0, 90).Select(i => new DataItem($"i{i}", new Dictionary<string, string>(), i % 3 == 0 ? "rare" : "common")).ToList();

        var order = NestedSubsets.Order(items, stratify: true, seed: 11);

        Assert.Equal(items.Count, order.Select(i => i.Id).Distinct().Count());
        foreach (var size in new[] { 3, 9, 30, 60 })
        {
            Assert.Equal(size / 3, order.Take(size).Count(i => i.Expected == "rare"));
        }

        Assert.Equal(order.Select(i => i.Id), NestedSubsets.Order(items, stratify: true, seed: 11).Select(i => i.Id));
        Assert.NotEqual(order.Select(i => i.Id), NestedSubsets.Order(items, stratify: true, seed: 12).Select(i => i.Id));
    }

    [Fact]
    public void ClearingSize_IsTheSmallestSizeWhoseLowerBoundBeatsTheBaseline()
    {
        var baseline = new CurveBaseline("run", "few-shot", "gpt", new MetricResult(0.80, 0.72, 0.86, "wilson"));
        CurvePoint Point(int n, double low) => new(n, $"curve-{n}", "adapter", new MetricResult(low + 0.05, low, low + 0.1, "wilson"), 100, 1000, 1);

        Assert.Equal(200, LearningCurve.FindClearingSize([Point(50, 0.6), Point(100, 0.80), Point(200, 0.81), Point(500, 0.85)], baseline));
        Assert.Null(LearningCurve.FindClearingSize([Point(50, 0.6), Point(100, 0.79)], baseline));
        Assert.Null(LearningCurve.FindClearingSize([Point(50, 0.9)], baseline: null));
    }

    [Fact]
    public async Task Run_ExperimentNamedLikeAPath_KeepsAdaptersUnderTheWorkspace()
    {
        using var workspace = new CurveWorkspace(rows: 40);
        File.WriteAllText(workspace.Experiment, File.ReadAllText(workspace.Experiment).Replace("name: keys", "name: \"../../../escape/evil\"", StringComparison.Ordinal));
        var experiment = ExperimentReader.Load(workspace.Experiment);
        var store = RunStore.Open(workspace.Db);

        var curve = await new LearningCurveRunner(new CallSetup(Providers(), Catalog: null)).RunAsync(experiment, Options(workspace, 4), store);

        var root = Path.Combine(workspace.Folder, ".crossover", "curves") + Path.DirectorySeparatorChar;
        Assert.StartsWith(root, Path.GetFullPath(Assert.Single(curve.Points).Adapter), StringComparison.Ordinal);
        var tuned = Assert.Single(store.Run(curve.RunId).Candidates, c => c.Name == "curve-4");
        Assert.Equal(Path.GetFullPath(curve.Points[0].Adapter), Path.GetFullPath(tuned.Model.Id));
        Assert.Equal(["curves"], Directory.GetDirectories(Path.Combine(workspace.Folder, ".crossover")).Select(Path.GetFileName));
    }

    private static LearningCurveOptions Options(CurveWorkspace workspace, params int[] sizes) => new()
    {
        Sizes = sizes,
        ModelDirectory = workspace.Model,
        Training = new TrainingOptions
        {
            Epochs = 30,
            LearningRate = 1e-2,
            BatchSize = 8,
            Lora = new LoraConfig { Rank = 8, Dropout = 0, TargetModules = LoraConfig.KnownTargets },
        },
    };

    /// <summary>The real local provider, as the CLI registers it: the experiment's baseline is the base model zero-shot.</summary>
    private static ProviderRegistry Providers()
    {
        var registry = new ProviderRegistry();
        var clients = new Dictionary<string, LocalChatClient>(StringComparer.Ordinal);
        LocalChatClient Load(ModelSpec model)
        {
            lock (clients)
            {
                return clients.TryGetValue(model.Id, out var client) ? client : clients[model.Id] = LocalChatClient.Load(model.Id);
            }
        }

        registry.Register("local", Load, model => new TokenCounter(text => Load(model).Model.Tokenizer.Encode(text, addSpecialTokens: false).Count, "the model's own"));
        return registry;
    }
}
