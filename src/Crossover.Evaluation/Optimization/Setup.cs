using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Optimization;

/// <summary>A search's fixed inputs and the derived experiments it runs: each phase is an ordinary experiment restricted to some items.</summary>
internal sealed class Setup
{
    private const int BootstrapPoolSize = 24;

    public Setup(Experiment experiment, CandidateSpec start, DataSplit split, OptimizeOptions options)
    {
        Experiment = experiment;
        Start = start;
        Split = split;
        Options = options;
        var random = new Random(options.Seed);
        Dev = [.. split.Dev.Select(i => i.Id).OrderBy(_ => random.Next())];
        BootstrapPool = [.. split.Train.OrderBy(_ => random.Next()).Take(BootstrapPoolSize)];
    }

    public Experiment Experiment { get; }

    public CandidateSpec Start { get; }

    public DataSplit Split { get; }

    public OptimizeOptions Options { get; }

    /// <summary>Dev item ids in the search's seeded order; round r scores a prefix of it, so later rounds reuse earlier calls.</summary>
    public IReadOnlyList<string> Dev { get; }

    /// <summary>Train items the starting model answers once each, to find demonstrations it gets right.</summary>
    public IReadOnlyList<DataItem> BootstrapPool { get; }

    /// <summary>The starting instructions: the candidate's prompt file's, or the task's.</summary>
    public string Instructions => Start.Strategy.Instructions ?? Experiment.Task.Instructions;

    public ModelSpec ProposerModel => Options.Proposer ?? Start.Model;

    public int BatchSize(int round) => (int)Math.Min(Dev.Count, Options.FirstBatch * Math.Pow(2, round));

    public IReadOnlyList<string> DevBatch(int round) => [.. Dev.Take(BatchSize(round))];

    /// <summary>The starting prompt alone on a dev batch.</summary>
    public Experiment Probe(IReadOnlyList<string> batch) =>
        Derived([new CandidateSpec(PromptOptimizer.TrialName(0), Start.Model, Start.Strategy, Start.Temperature)], "dev", batch);

    /// <summary>The starting model without demonstrations on the bootstrap pool (train).</summary>
    public Experiment Bootstrap()
    {
        var strategy = new StrategySpec(Start.Strategy.Kind.WithShots(0), 0, ShotSelection.Random) { Instructions = Start.Strategy.Instructions, Format = Start.Strategy.Format };
        return Derived([new CandidateSpec("bootstrap", Start.Model, strategy, Start.Temperature)], "train", [.. BootstrapPool.Select(i => i.Id)]);
    }

    /// <summary>The given configurations as candidates <c>trial-N</c>, on a dev batch.</summary>
    public Experiment Trials(IReadOnlyList<(int Trial, PromptConfiguration Configuration)> trials, IReadOnlyList<string> batch) =>
        Derived([.. trials.Select(t => new CandidateSpec(PromptOptimizer.TrialName(t.Trial), Start.Model, Strategy(t.Configuration), Start.Temperature))], "dev", batch);

    /// <summary>The strategy a configuration runs as: the start's kind for its demonstration count, with its instructions, demonstrations and format.</summary>
    public StrategySpec Strategy(PromptConfiguration configuration)
    {
        if (configuration.IsStart)
        {
            return Start.Strategy;
        }

        var kind = Start.Strategy.Kind;
        if (configuration.Demonstrations.Count == 0)
        {
            return new StrategySpec(kind.WithShots(0), 0, ShotSelection.Random)
            {
                Instructions = configuration.Instructions,
                Format = configuration.Format,
            };
        }

        return new StrategySpec(kind.WithShots(configuration.Demonstrations.Count), configuration.Demonstrations.Count, ShotSelection.Fixed)
        {
            Instructions = configuration.Instructions,
            Format = configuration.Format,
            Demonstrations = configuration.Demonstrations,
        };
    }

    /// <summary>
    /// The output cap every search call is sent with, so a call's cost has a ceiling the budget can rely on: the
    /// experiment's own cap, or a short one for a label and a long one for reasoning or free text.
    /// </summary>
    public int OutputCap => Experiment.MaxOutputTokens
        ?? (Experiment.Task.Kind == TaskKind.Classification && !Start.Strategy.Kind.Reasons ? 32 : 512);

    /// <summary>One sample per item at the experiment's temperature (0 unless set): a search compares prompts, not sampling noise.</summary>
    private Experiment Derived(IReadOnlyList<CandidateSpec> candidates, string split, IReadOnlyList<string> items) =>
        Experiment with
        {
            Name = Experiment.Name + "-optimize",
            Candidates = candidates,
            Repeats = 1,
            MaxOutputTokens = OutputCap,
            Dataset = Experiment.Dataset with { Evaluate = split, Limit = null },
            OnlyItems = items.ToHashSet(StringComparer.Ordinal),
        };
}
