using System.Globalization;
using Crossover.Core.Input;
using Crossover.Evaluation.Curves;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Crossover.LocalModels;
using Crossover.Tuning.Data;

namespace Crossover.Tuning.Curves;

/// <summary>
/// Measures how much data fine-tuning needs (docs/learning-curve.md): for each size N, LoRA-fine-tunes the local base
/// model on the first N examples of one seeded, label-stratified order of the train split, and scores the adapter on the
/// experiment's test items through <see cref="EvalRunner"/>, so every size's records sit in one run as candidate
/// <c>curve-N</c> beside the prompting baseline.
/// </summary>
public sealed class LearningCurveRunner
{
    /// <summary>Tuned candidates are named this plus their size, e.g. <c>curve-50</c>.</summary>
    public const string CandidatePrefix = "curve-";

    private readonly CallSetup _setup;

    /// <summary>Creates a runner.</summary>
    /// <param name="setup">Providers, prices, clock, cache and logging for the baseline's calls (the tuned candidates are served in process, uncached).</param>
    public LearningCurveRunner(CallSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _setup = setup;
    }
    /// <summary>Gives the training progress sink for one size (named like its candidate, e.g. <c>curve-100</c>), so a long curve shows steps and ETA.</summary>
    public Func<string, IProgress<TrainingProgress>?>? TrainingProgress { get; init; }

    /// <summary>Trains and scores every size, measures or reads the baseline, and saves the curve in the run store.</summary>
    /// <param name="experiment">The experiment: its train split feeds training, its scored split is the test set.</param>
    /// <param name="options">Sizes, base model, training settings and baseline.</param>
    /// <param name="store">The run store: records and the curve go here.</param>
    /// <param name="log">Told one line per stage (progress for stderr).</param>
    /// <param name="cancellationToken">Stops between training steps and calls.</param>
    /// <returns>The curve.</returns>
    /// <exception cref="InputException">Bad options, a size above the train split, or a baseline that does not exist.</exception>
    public Task<LearningCurve> RunAsync(Experiment experiment, LearningCurveOptions options, RunStore store, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return RunAsync(experiment, options, () => store, log, cancellationToken);
    }

    /// <summary>Runs the curve, opening the run store only once the options, the data and the baseline are valid (a failed check leaves no store behind).</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="options">Sizes, base model, training settings and baseline.</param>
    /// <param name="openStore">Opens the run store.</param>
    /// <param name="log">Told one line per stage.</param>
    /// <param name="cancellationToken">Stops between training steps and calls.</param>
    /// <returns>The curve.</returns>
    /// <exception cref="InputException">Bad options, a size above the train split, or a baseline that does not exist.</exception>
    public async Task<LearningCurve> RunAsync(Experiment experiment, LearningCurveOptions options, Func<RunStore> openStore, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(openStore);
        var opened = new Lazy<RunStore>(openStore);
        options.Validate();
        log ??= _ => { };
        var classification = experiment.Task.Kind == TaskKind.Classification;
        var split = DataSplit.Create(DatasetReader.Read(experiment.Dataset), experiment.Dataset.Split, classification);
        var largest = options.Sizes[^1];
        if (largest > split.Train.Count)
        {
            throw new InputException($"size {largest} is larger than the train split, which has {split.Train.Count} examples", experiment.File, field: "sizes",
                hint: $"use sizes up to {split.Train.Count}, or give dataset.split.train a larger share");
        }

        // A baseline read from another run is checked before hours of training, not after.
        var readBaseline = options.BaselineRunId is { } baselineRun
            ? PickBaseline(RunReport.Load(opened.Value, baselineRun, _setup.Catalog), options.BaselineCandidate, experiment.Primary)
            : null;
        var baselineExperiment = readBaseline is null ? BaselineCandidates(experiment, options.BaselineCandidate) : null;
        if (baselineExperiment is not null)
        {
            _setup.Providers.Validate(baselineExperiment);
        }

        var store = opened.Value;
        var runId = NewRun(experiment, store, baselineExperiment?.Candidates ?? [], options);
        log($"curve: run {runId}; train split {split.Train.Count} examples, sizes {string.Join(", ", options.Sizes)}");
        if (baselineExperiment is not null)
        {
            log($"curve: scoring the prompting baseline ({string.Join(", ", baselineExperiment.Candidates.Select(c => c.Name))})");
            await new EvalRunner(_setup).RunAsync(baselineExperiment, store, runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var ordered = NestedSubsets.Order(split.Train, classification, options.SubsetSeed);
        var prompt = TrainingPrompt.For(experiment.Task);
        var trained = new List<(int Size, string Adapter, long Tokens, double Seconds)>();
        foreach (var size in options.Sizes)
        {
            trained.Add(await TrainAndScoreAsync(experiment, options, store, runId, ordered.Take(size).ToList(), prompt, log, cancellationToken).ConfigureAwait(false));
        }

        var run = RunReport.Load(store, runId, _setup.Catalog);
        var points = trained.Select(t =>
        {
            var candidate = run.Candidates.First(c => c.Name == CandidatePrefix + t.Size.ToString(CultureInfo.InvariantCulture));
            return new CurvePoint(t.Size, candidate.Name, t.Adapter, candidate.Metrics[run.Primary], candidate.Items, t.Tokens, t.Seconds);
        }).ToList();
        var baseline = readBaseline ?? PickBaseline(run, options.BaselineCandidate, experiment.Primary);
        var curve = new LearningCurve(runId, experiment.Name, experiment.Primary, Path.GetFullPath(options.ModelDirectory), split.Train.Count, points, baseline, options.CostPerLabelUsd, _setup.Time.GetUtcNow());
        LearningCurveStore.Save(store, curve);
        return curve;
    }

    private async Task<(int Size, string Adapter, long Tokens, double Seconds)> TrainAndScoreAsync(
        Experiment experiment, LearningCurveOptions options, RunStore store, string runId, List<DataItem> subset, TrainingPrompt prompt, Action<string> log, CancellationToken cancellationToken)
    {
        var name = CandidatePrefix + subset.Count.ToString(CultureInfo.InvariantCulture);
        var adapter = AdapterPath(options, store, runId, name);

        var examples = subset.Select(item => prompt.Example(0, item.Fields, item.Expected)).ToList();
        using var model = LocalModel.Load(options.ModelDirectory);
        log($"{name}: training on {subset.Count} examples");
        var started = _setup.Time.GetTimestamp();
        var report = LoraTrainer.Train(model, examples, [], options.Training, TrainingProgress?.Invoke(name), _setup.Time, cancellationToken);
        var seconds = _setup.Time.GetElapsedTime(started).TotalSeconds;
        model.SaveAdapter(adapter);
        var tokens = examples.Sum(e => (long)Math.Min(options.Training.MaxSequenceLength,
            model.EncodeChat(e.Messages).Count + model.Tokenizer.Encode(e.Completion, addSpecialTokens: false).Count + 1)) * report.Epochs.Count;
        log(string.Create(CultureInfo.InvariantCulture, $"{name}: {report.Steps.Count} steps in {seconds:0.0} s, final loss {report.Epochs[^1].TrainLoss:0.0000}; scoring"));

        // Served from the model already in memory: the base weights are loaded once per size, not once more for scoring.
        using var client = new LocalChatClient(model);
        var tuned = experiment with { Candidates = [Candidate(name, adapter)] };
        await new EvalRunner(_setup with { Providers = new ProviderRegistry(_setup.Time).AddLocalEngine(client), UseCache = false }).RunAsync(tuned, store, runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (subset.Count, adapter, tokens, seconds);
    }

    private static CandidateSpec Candidate(string name, string adapter) =>
        new(name, new ModelSpec(LocalEngineProvider.Name, adapter, null, null, null, null, null, null), TrainingPrompt.Strategy, null);

    private static string AdapterRoot(LearningCurveOptions options, RunStore store) =>
        options.AdapterDirectory ?? Path.Combine(Path.GetDirectoryName(store.Path)!, "curves");

    private static Experiment BaselineCandidates(Experiment experiment, string? name)
    {
        var candidates = experiment.Candidates.Where(c => name is null || string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (candidates.Count == 0)
        {
            throw new InputException($"the experiment has no candidate '{name}'", experiment.File, field: "baseline", hint: "candidates: " + string.Join(", ", experiment.Candidates.Select(c => c.Name)));
        }

        var clash = candidates.FirstOrDefault(c => c.Name.StartsWith(CandidatePrefix, StringComparison.OrdinalIgnoreCase));
        if (clash is not null)
        {
            throw new InputException($"candidate '{clash.Name}' would clash with the tuned sizes' names ({CandidatePrefix}N)", experiment.File, field: "candidates", hint: "rename it");
        }

        return experiment with { Candidates = candidates };
    }

    private static CurveBaseline PickBaseline(RunReport run, string? name, string primary)
    {
        if (run.Primary != primary)
        {
            throw new InputException($"run '{run.RunId}' measures {run.Primary}, but the experiment's primary metric is {primary}", field: "baseline-run", hint: "pick a run of the same experiment");
        }

        var prompted = run.Candidates.Where(c => !c.Name.StartsWith(CandidatePrefix, StringComparison.OrdinalIgnoreCase) && c.Items > 0).ToList();
        var chosen = name is null
            ? prompted.MaxBy(c => c.Metrics[primary].Value)
            : prompted.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
        {
            throw new InputException(name is null ? $"run '{run.RunId}' has no prompting candidate with answered items" : $"run '{run.RunId}' has no answered candidate '{name}'",
                field: "baseline", hint: "candidates in the run: " + string.Join(", ", run.Candidates.Select(c => c.Name)));
        }

        return new CurveBaseline(run.RunId, chosen.Name, chosen.Model, chosen.Metrics[primary]);
    }

    private string NewRun(Experiment experiment, RunStore store, IReadOnlyList<CandidateSpec> baseline, LearningCurveOptions options) =>
        store.CreateRun(experiment, id => [.. baseline.Select(RunCandidate.From), .. options.Sizes.Select(size =>
        {
            var name = CandidatePrefix + size.ToString(CultureInfo.InvariantCulture);
            return new RunCandidate(name, new RunModel("local", AdapterPath(options, store, id, name), null));
        })], _setup.Time.GetUtcNow(), "curve").Id;

    /// <summary>A size's adapter folder: under the adapter root, whatever the experiment is named.</summary>
    private static string AdapterPath(LearningCurveOptions options, RunStore store, string runId, string name) =>
        Path.Combine(AdapterRoot(options, store), PathSafeName.Of(runId), PathSafeName.Of(name));
}
