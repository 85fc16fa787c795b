using System.Globalization;
using System.Text;
using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Formatting;
using Crossover.Core.Input;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Prompts;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Optimization;

/// <summary>
/// Searches a candidate's prompt — instructions, demonstrations and their order, output-format wording — on the train
/// and dev splits only, by successive halving: every configuration is scored on a small dev batch, the better half goes
/// on to a batch twice as large, until one remains or the dev split is used up (Jamieson and Talwalkar 2016, as DSPy's
/// optimizers spend calls). Demonstrations are bootstrapped (train items the model already answers correctly, as
/// DSPy's BootstrapFewShot keeps) or cover every label; instruction variants come from a proposer model shown the task,
/// the data and the starting prompt's dev failures (GEPA's reflective proposals). Every call is an ordinary evaluation
/// call through the eval pipeline and run store, so a resumed or repeated search pays for nothing already answered.
/// The test split is never scored or shown.
/// </summary>
public sealed class PromptOptimizer
{
    private const int BootstrapPoolPerShot = 3;
    private const int MaxShots = 8;
    private const int ProposerMaxOutputTokens = 1024;

    // Provider token counts run a little above ours (message framing, tokenizer differences).
    private const double InputMargin = 1.1;
    private static readonly int[] ShotCounts = [2, 4, MaxShots];

    private readonly EvalRunner _runner;
    private readonly PriceCatalog? _catalog;
    private readonly TimeProvider _time;

    /// <summary>Creates an optimizer that runs its trials with <paramref name="runner"/>.</summary>
    /// <param name="runner">Runs every trial; its <see cref="EvalRunner.Setup"/> (providers, the catalog that prices calls for the budget, clock, cache) applies.</param>
    public PromptOptimizer(EvalRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
        _catalog = runner.Setup.Catalog;
        _time = runner.Setup.Time;
    }

    /// <summary>What a search would do, without calling anything: calls, tokens and estimated cost per phase.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="options">The search's options.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="InputException">The options or the experiment cannot be searched.</exception>
    public OptimizationPlan Plan(Experiment experiment, OptimizeOptions options)
    {
        var setup = Setup(experiment, options);
        var probe = Estimate(setup.Probe(setup.DevBatch(0)));
        // Rounds are priced per call at the larger of your prompt and one showing the most demonstrations the search tries.
        var widest = setup.Split.Train.Count == 0 ? probe : Estimate(setup.Trials([(1, new PromptConfiguration(setup.Instructions, "yours", [.. setup.Split.Train.Take(MaxShots).Select(i => i.Id)], "widest", null))], setup.DevBatch(0)));
        var largest = (widest.Cost ?? 0) > (probe.Cost ?? 0) || widest.Input > probe.Input ? widest : probe;
        var perCall = largest.Calls == 0 ? default : (Input: largest.Input / (double)largest.Calls, Output: largest.Output / (double)largest.Calls, Cost: largest.Cost / largest.Calls);
        var phases = new List<PlannedPhase>();
        if (setup.BootstrapPool.Count > 0)
        {
            var bootstrap = Estimate(setup.Bootstrap());
            phases.Add(new PlannedPhase("bootstrap demonstrations (train)", bootstrap.Calls, bootstrap.Input, bootstrap.Output, bootstrap.Cost));
        }

        if (options.Proposals > 0)
        {
            phases.Add(new PlannedPhase("score your prompt on the first batch (for the proposer)", probe.Calls, probe.Input, probe.Output, probe.Cost));
            phases.Add(new PlannedPhase("propose instructions", 1, 0, ProposerMaxOutputTokens, ProposerCeiling(setup)));
        }

        // Later rounds score only the items a batch adds (earlier ones are cache hits); your prompt is scored in every
        // round as the baseline, and was already scored on the first batch when the proposer was asked.
        var survivors = options.Trials;
        var previous = 0;
        for (var round = 0; ; round++)
        {
            var size = setup.BatchSize(round);
            var scored = survivors + (round == 0 ? 0 : 1);
            var calls = (scored * (size - previous)) - (round == 0 && options.Proposals > 0 ? size : 0);
            phases.Add(new PlannedPhase($"round {round + 1}: {survivors} prompt(s) × {size} dev items", calls, (long)(calls * perCall.Input), (long)(calls * perCall.Output), probe.Cost is null ? null : calls * perCall.Cost));
            previous = size;
            if (survivors == 1 || size >= setup.Dev.Count)
            {
                break;
            }

            survivors = (survivors + 1) / 2;
        }

        return new OptimizationPlan(options.Candidate, setup.Dev.Count, phases, options.BudgetUsd);
    }

    /// <summary>Runs (or resumes) a search and returns the best prompt found.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="store">The run store (trials are runs in it; the search's trajectory is kept beside them).</param>
    /// <param name="options">The search's options.</param>
    /// <param name="resumeId">An optimization to continue, or null for a new one.</param>
    /// <param name="progress">Called with one line per phase.</param>
    /// <param name="cancellationToken">Stops the search; what was recorded is kept and a resume pays for none of it again.</param>
    /// <returns>The result.</returns>
    /// <exception cref="InputException">The options or the experiment cannot be searched, or the budget is below one trial.</exception>
    public async Task<OptimizationResult> RunAsync(Experiment experiment, RunStore store, OptimizeOptions options, string? resumeId = null, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var setup = Validated(experiment, options);
        var proposerMeter = new UsageMeter();
        var proposer = options.Proposals > 0 ? _runner.CreateClient(setup.ProposerModel, experiment.Calls, store, proposerMeter) : null;

        var optimizations = OptimizationStore.Open(store.Path);
        var id = resumeId ?? NewId(optimizations, experiment, options.Candidate);
        double paidBefore = 0;
        if (resumeId is not null)
        {
            paidBefore = optimizations.Find(resumeId).PaidUsd;
        }

        optimizations.Start(new OptimizationHeader(id, experiment.File, File.ReadAllText(experiment.File), options.Candidate, OptimizationSettings.From(options), _time.GetUtcNow()));
        progress?.Invoke($"optimization {id} (resume with: crossover optimize --resume {id})");
        var spent = new Spending(paidBefore, options.BudgetUsd);

        // 1. Bootstrap: which train items the model answers correctly on its own.
        var bootstrapped = new List<DataItem>();
        if (setup.BootstrapPool.Count > 0)
        {
            var bootstrap = setup.Bootstrap();
            if (spent.Allows(Estimate(bootstrap).Cost))
            {
                var (runId, cost) = await RunTrialsAsync(bootstrap, store, cancellationToken);
                spent.Add(cost);
                var correct = CorrectItems(store, runId, experiment.Primary);
                bootstrapped.AddRange(setup.BootstrapPool.Where(i => correct.Contains(i.Id)));
                progress?.Invoke($"bootstrap: {bootstrapped.Count} of {setup.BootstrapPool.Count} train items answered correctly");
            }
        }

        // 2. The starting prompt on the first batch: its failures are what the proposer reflects on.
        var instructions = new List<(string Text, string Source)> { (setup.Instructions, "yours") };
        if (proposer is not null)
        {
            var probe = setup.Probe(setup.DevBatch(0));
            var (probeRun, probeCost) = await RunTrialsAsync(probe, store, cancellationToken);
            spent.Add(probeCost);
            var failures = Failures(store, probeRun, experiment, setup);
            var request = ProposerPrompt(experiment, setup, failures, options.Proposals);
            if (spent.Allows(ProposerCeiling(setup)))
            {
                var response = await proposer.GetResponseAsync(request, new ChatOptions { Temperature = 0.7f, MaxOutputTokens = ProposerMaxOutputTokens }, cancellationToken);
                spent.Add(proposerMeter.CostUsd);
                var proposals = ParseProposals(response.Text, options.Proposals).Where(p => instructions.All(i => i.Text != p)).ToList();
                instructions.AddRange(proposals.Select((p, n) => (p, $"proposal {n + 1}")));
                progress?.Invoke($"proposer: {proposals.Count} instruction variant(s)");
            }
        }

        // 3. The configurations entered into the search: the starting prompt and a seeded sample of the rest.
        var configurations = Configurations(setup, instructions, bootstrapped, options);

        // 4. Successive halving on the dev split.
        var trajectory = new List<OptimizationStep>();
        var survivors = Enumerable.Range(0, configurations.Count).ToList();
        var scoredOn = new Dictionary<int, HashSet<string>> { [0] = proposer is null ? [] : [.. setup.DevBatch(0)] };
        var stoppedByBudget = false;
        List<OptimizationStep> lastRound = [];
        for (var round = 0; ; round++)
        {
            var batch = setup.DevBatch(round);

            // Your prompt is scored in every round, so the final comparison is on the same items.
            var scoring = survivors.Contains(0) ? survivors : [0, .. survivors];
            var trials = setup.Trials([.. scoring.Select(i => (i, configurations[i]))], batch);
            if (!spent.Allows(UnscoredCost(setup, configurations, scoring, batch, scoredOn)))
            {
                stoppedByBudget = true;
                progress?.Invoke($"round {round + 1} would exceed the budget; stopping with the best prompt so far");
                break;
            }

            var (runId, cost) = await RunTrialsAsync(trials, store, cancellationToken);
            spent.Add(cost);
            foreach (var trial in scoring)
            {
                (scoredOn.TryGetValue(trial, out var seen) ? seen : scoredOn[trial] = new(StringComparer.Ordinal)).UnionWith(batch);
            }

            var report = RunReport.Load(store, runId, _catalog);
            var steps = scoring.Select(i =>
            {
                var metric = report.Candidates.Single(c => c.Name == TrialName(i)).Metrics[experiment.Primary];
                return new OptimizationStep(round, i, configurations[i].Hash, configurations[i].Describe(), batch.Count, metric.Value, metric.Low, metric.High, spent.Total, runId);
            }).ToList();
            optimizations.SaveRound(id, steps, spent.Total);
            trajectory.AddRange(steps);
            lastRound = steps;
            var best = Ranked(steps)[0];
            progress?.Invoke($"round {round + 1}: {steps.Count} prompt(s) on {batch.Count} dev items; best trial {best.Trial} at {best.Score:0.000} [{best.Low:0.000}, {best.High:0.000}]; paid {Format.Usd(spent.Total)}");
            if (survivors.Count == 1 || batch.Count >= setup.Dev.Count)
            {
                break;
            }

            survivors = [.. Ranked(steps.Where(s => survivors.Contains(s.Trial))).Take((survivors.Count + 1) / 2).Select(s => s.Trial)];
        }

        if (lastRound.Count == 0)
        {
            throw new InputException("the budget ran out before the first round", field: "--budget", hint: "raise --budget, or lower --trials or --first-batch");
        }

        var winner = Ranked(lastRound)[0];
        optimizations.Finish(id, stoppedByBudget ? "stopped-by-budget" : "complete", winner.PromptHash, spent.Total);
        return new OptimizationResult(
            id, options.Candidate, experiment.Primary, configurations[winner.Trial], winner.Trial, lastRound.FirstOrDefault(s => s.Trial == 0), winner,
            winner.Items, trajectory, spent.Total, stoppedByBudget)
        {
            Proposals = instructions.Count - 1,
            Bootstrapped = bootstrapped.Count,
        };
    }

    /// <summary>What a round costs at most, counting only the (trial, item) pairs not scored before (the rest are cache hits).</summary>
    private double? UnscoredCost(Setup setup, List<PromptConfiguration> configurations, List<int> scoring, IReadOnlyList<string> batch, Dictionary<int, HashSet<string>> scoredOn)
    {
        double total = 0;
        foreach (var group in scoring.GroupBy(t => string.Join('\u001f', batch.Where(b => !(scoredOn.TryGetValue(t, out var seen) && seen.Contains(b))))))
        {
            var items = batch.Where(b => !(scoredOn.TryGetValue(group.First(), out var seen) && seen.Contains(b))).ToList();
            if (items.Count == 0)
            {
                continue;
            }

            if (Estimate(setup.Trials([.. group.Select(i => (i, configurations[i]))], items)).Cost is not { } cost)
            {
                return null;
            }

            total += cost;
        }

        return total;
    }

    /// <summary>
    /// Checks everything a search needs before anything is opened or paid for: the candidate, the dev split, the options,
    /// every endpoint and key, and that the budget covers at least one trial.
    /// </summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="options">The search's options.</param>
    /// <exception cref="InputException">Something the user must fix.</exception>
    public void Validate(Experiment experiment, OptimizeOptions options) => Validated(experiment, options);

    private Setup Validated(Experiment experiment, OptimizeOptions options)
    {
        var setup = Setup(experiment, options);
        _runner.CheckEndpoint(setup.Start.Model);
        if (options.Proposals > 0)
        {
            _runner.CheckEndpoint(setup.ProposerModel);
        }

        if (options.BudgetUsd is { } budget)
        {
            if (Estimate(setup.Probe(setup.DevBatch(0))).Cost is not { } oneTrial)
            {
                throw new InputException($"the catalog has no price for '{setup.Start.Model.PriceAs ?? setup.Start.Model.Id}', so a budget cannot be kept", experiment.File, null, "--budget", "add priceAs: <a catalog model> to the candidate's model, or drop --budget");
            }

            if (oneTrial > budget)
            {
                throw new InputException($"--budget {Format.Usd(budget)} is below one trial (at most {Format.Usd(oneTrial)} for {setup.BatchSize(0)} dev items)", field: "--budget", hint: "raise --budget or lower --first-batch");
            }
        }

        return setup;
    }

    /// <summary>The name of trial <paramref name="trial"/>'s candidate in the runs the search creates.</summary>
    public static string TrialName(int trial) => $"trial-{trial}";

    /// <summary>Best first: higher score, then higher lower bound, then the earlier trial (so the starting prompt wins ties).</summary>
    private static List<OptimizationStep> Ranked(IEnumerable<OptimizationStep> steps) =>
        [.. steps.OrderByDescending(s => s.Score).ThenByDescending(s => s.Low).ThenBy(s => s.Trial)];

    private Setup Setup(Experiment experiment, OptimizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var start = experiment.Candidates.FirstOrDefault(c => c.Name == options.Candidate)
            ?? throw new InputException($"the experiment has no candidate '{options.Candidate}'", experiment.File, null, "--candidate", "use one of: " + string.Join(", ", experiment.Candidates.Select(c => c.Name)));
        if (experiment.Dataset.Split.Dev <= 0)
        {
            throw new InputException("the experiment has no dev split to search on", experiment.File, null, "dataset.split.dev", "give split.dev a share, e.g. split: { train: 0.6, dev: 0.2, test: 0.2 } (the test split stays unseen)");
        }

        var items = DatasetReader.Read(experiment.Dataset);
        var split = DataSplit.Create(items, experiment.Dataset.Split, experiment.Task.Kind == TaskKind.Classification);
        if (split.Dev.Count < 2)
        {
            throw new InputException($"the dev split has {split.Dev.Count} item(s); a search needs at least 2", experiment.File, null, "dataset.split.dev", "add data or give split.dev a larger share");
        }

        return new Setup(experiment, start, split, options);
    }

    private List<PromptConfiguration> Configurations(Setup setup, List<(string Text, string Source)> instructions, List<DataItem> bootstrapped, OptimizeOptions options)
    {
        var demonstrations = new List<(IReadOnlyList<string> Ids, string Source)> { ([], "none") };
        if (setup.Split.Train.Count > 0)
        {
            foreach (var k in ShotCounts.Where(k => k <= bootstrapped.Count))
            {
                demonstrations.Add(([.. bootstrapped.Take(k).Select(i => i.Id)], $"bootstrapped {k}"));
            }

            if (setup.Experiment.Task is { Kind: TaskKind.Classification, Labels.Count: > 1 } task)
            {
                // One demonstration per label, a bootstrapped one where the model answered that label correctly.
                var cover = task.Labels.Select(label => bootstrapped.FirstOrDefault(i => SameLabel(i, label)) ?? setup.Split.Train.FirstOrDefault(i => SameLabel(i, label)))
                    .OfType<DataItem>().Select(i => i.Id).ToList();
                if (cover.Count > 1)
                {
                    demonstrations.Add((cover, "label coverage"));
                }
            }
        }

        var formats = setup.Start.Strategy.Kind.FormatVariants(setup.Experiment.Task);
        var all = new List<PromptConfiguration>();
        foreach (var (text, source) in instructions)
        {
            foreach (var (ids, demoSource) in demonstrations)
            {
                if (ids.Count > 0 && setup.Start.Strategy.Kind.Reasons && ids.Count > MaxShots)
                {
                    continue;
                }

                foreach (var format in formats)
                {
                    all.Add(new PromptConfiguration(text, source, ids, demoSource, format));
                }
            }
        }

        var random = new Random(options.Seed);
        var sampled = all.OrderBy(_ => random.Next()).Take(options.Trials - 1);
        var start = new PromptConfiguration(setup.Instructions, "yours", [], "yours", null) { IsStart = true };
        return [start, .. sampled];
    }

    private static bool SameLabel(DataItem item, string label) => string.Equals(item.Expected.Trim(), label.Trim(), StringComparison.OrdinalIgnoreCase);

    private async Task<(string RunId, double Cost)> RunTrialsAsync(Experiment trials, RunStore store, CancellationToken cancellationToken)
    {
        var outcome = await _runner.RunAsync(trials, store, null, null, cancellationToken);
        return (outcome.RunId, outcome.CostUsd);
    }

    /// <summary>
    /// A phase's calls and its cost at most: input tokens as our tokenizer counts them plus a margin for the provider's
    /// own count and message framing, and every answer at the output cap. Keeping each phase's worst case within what
    /// is left is what keeps the whole search within its budget.
    /// </summary>
    private (int Calls, long Input, long Output, double? Cost) Estimate(Experiment experiment)
    {
        if (experiment.OnlyItems is { Count: 0 } || experiment.Candidates.Count == 0)
        {
            return (0, 0, 0, 0);
        }

        var estimates = _runner.DryRun(experiment);
        var calls = estimates.Sum(e => e.Calls);
        var input = (long)Math.Ceiling(estimates.Sum(e => e.InputTokens) * InputMargin);
        var output = (long)calls * (experiment.MaxOutputTokens ?? 0);
        var price = Pricing.Find(_catalog, experiment.Candidates[0].Model);
        return (calls, input, output, price?.Cost(input, 0, output));
    }

    /// <summary>The proposer's cost at most: its prompt at the longest it can be (six failures of 400 characters) and a full answer.</summary>
    private double? ProposerCeiling(Setup setup)
    {
        var price = Pricing.Find(_catalog, setup.ProposerModel);
        if (price is null)
        {
            return null;
        }

        var tokens = _runner.CountTokens(setup.ProposerModel, ProposerPrompt(setup.Experiment, setup, [.. Enumerable.Repeat((new string('x', 400), new string('x', 400), new string('x', 400)), 6)], setup.Options.Proposals).Select(m => m.Text));
        return price.Cost(Math.Ceiling(tokens * InputMargin), 0, ProposerMaxOutputTokens);
    }

    private static HashSet<string> CorrectItems(RunStore store, string runId, string primary)
    {
        var correct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in store.Records(runId))
        {
            if (record.Error is null && Score(record, primary) >= 1 - 1e-9)
            {
                correct.Add(record.ItemId);
            }
        }

        return correct;
    }

    private static double Score(RunRecord record, string primary)
    {
        var scores = JsonSerializer.Deserialize<Dictionary<string, double>>(record.Scores);
        return scores is not null && scores.TryGetValue(primary, out var value) ? value : 0;
    }

    private static List<(string Input, string Expected, string Got)> Failures(RunStore store, string runId, Experiment experiment, Setup setup)
    {
        var template = new Template(experiment.Task.Input);
        var dev = setup.Split.Dev.ToDictionary(i => i.Id, StringComparer.Ordinal);
        return [.. store.Records(runId)
            .Where(r => r.Error is not null || Score(r, experiment.Primary) < 1)
            .Where(r => dev.ContainsKey(r.ItemId))
            .OrderBy(r => r.ItemId, StringComparer.Ordinal)
            .Take(6)
            .Select(r => (template.Render(dev[r.ItemId].Fields), r.Expected, r.Output ?? "(no answer: " + r.Error + ")"))];
    }

    /// <summary>The proposer's request: the task, a summary of the data, the current instructions and where they fail.</summary>
    private static List<ChatMessage> ProposerPrompt(Experiment experiment, Setup setup, List<(string Input, string Expected, string Got)> failures, int count)
    {
        var task = experiment.Task;
        var user = new StringBuilder();
        user.Append("Task kind: ").Append(task.Kind.ToString().ToLowerInvariant()).Append('\n');
        if (task.Labels.Count > 0)
        {
            var counts = setup.Split.Train.GroupBy(i => i.Expected.Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count());
            user.Append("Labels (training examples of each): ")
                .AppendJoin(", ", task.Labels.Select(l => $"{l} ({counts.GetValueOrDefault(l.Trim().ToLowerInvariant())})")).Append('\n');
        }

        user.Append("Each input looks like: ").Append(task.Input).Append("\n\nCurrent instructions:\n").Append(setup.Instructions).Append('\n');
        if (failures.Count > 0)
        {
            user.Append("\nExamples the current instructions get wrong:\n");
            foreach (var (input, expected, got) in failures)
            {
                user.Append("- input: ").Append(Shorten(input)).Append("\n  expected: ").Append(Shorten(expected)).Append("\n  model answered: ").Append(Shorten(got)).Append('\n');
            }
        }

        user.Append('\n').Append(CultureInfo.InvariantCulture, $"Write {count} improved versions of the instructions that would fix these mistakes without breaking what works. ")
            .Append("Keep each self-contained. Do not describe the answer format; it is added separately. ")
            .Append("Separate the versions with a line containing only ---, and write nothing else.");
        return
        [
            new(ChatRole.System, "You improve the instructions given to a language model for a task, using its mistakes as evidence."),
            new(ChatRole.User, user.ToString()),
        ];
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > 400 ? line[..400] + "…" : line;
    }

    /// <summary>The proposer's variants: blocks separated by <c>---</c> lines, trimmed, non-empty, distinct, at most <paramref name="count"/>.</summary>
    internal static IReadOnlyList<string> ParseProposals(string text, int count)
    {
        var blocks = new List<string>();
        var current = new StringBuilder();
        foreach (var line in (text ?? string.Empty).ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Trim() == "---")
            {
                blocks.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(line).Append('\n');
            }
        }

        blocks.Add(current.ToString());
        return [.. blocks.Select(b => b.Trim()).Where(b => b.Length > 0).Distinct(StringComparer.Ordinal).Take(count)];
    }

    private static string NewId(OptimizationStore store, Experiment experiment, string candidate)
    {
        var existing = store.Ids();
        var id = $"opt-{experiment.Name}-{candidate}";
        for (var n = 2; existing.Contains(id); n++)
        {
            id = $"opt-{experiment.Name}-{candidate}-{n}";
        }

        return id;
    }

    /// <summary>What the search has paid, and whether the next phase fits the budget.</summary>
    private sealed class Spending(double before, double? budget)
    {
        public double Total { get; private set; } = before;

        public void Add(double cost) => Total += cost;

        /// <summary>Whether a phase estimated at <paramref name="estimate"/> fits; an unknown estimate fits only without a budget.</summary>
        public bool Allows(double? estimate) => budget is not { } limit || (estimate is { } cost && Total + cost <= limit);
    }
}
