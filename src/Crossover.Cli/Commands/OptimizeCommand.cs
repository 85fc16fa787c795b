using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crossover.Core.Formatting;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Optimization;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Spectre.Console;

namespace Crossover.Cli.Commands;

/// <summary>
/// <c>crossover optimize EXPERIMENT --candidate NAME</c>: search the candidate's instructions, demonstrations and format
/// wording on the train and dev splits, write the best prompt beside the experiment and add it as a candidate.
/// </summary>
internal static class OptimizeCommand
{
    public static Command Create(CliContext context)
    {
        var experimentArgument = new Argument<string?>("experiment") { Description = "The experiment file (see docs/experiment.md).", Arity = ArgumentArity.ZeroOrOne };
        var candidateOption = new Option<string?>("--candidate") { Description = "The candidate whose model and strategy the search starts from." };
        var proposerOption = new Option<string?>("--proposer") { Description = "A candidate (its model) or a model id on the starting candidate's endpoint that proposes instruction variants; default: the candidate's own model." };
        var budgetOption = new Option<double?>("--budget") { Description = "Stop before paid calls would cost more than this many USD; reports the best prompt so far." };
        var trialsOption = new Option<int>("--trials") { Description = "Prompt configurations entered into the search, yours included.", DefaultValueFactory = _ => 12 };
        var proposalsOption = new Option<int>("--proposals") { Description = "Instruction variants asked of the proposer (0: search demonstrations and format only).", DefaultValueFactory = _ => 4 };
        var firstBatchOption = new Option<int>("--first-batch") { Description = "Dev items in the first round; each round doubles it.", DefaultValueFactory = _ => 8 };
        var seedOption = new Option<int>("--seed") { Description = "Seeds the search; the same seed repeats the same search (free, from the cache).", DefaultValueFactory = _ => 1 };
        var dryRunOption = new Option<bool>("--dry-run") { Description = "Print the planned calls, tokens and cost per phase; call nothing." };
        var resumeOption = new Option<string?>("--resume") { Description = "Continue a search by id; calls already answered are not paid again." };
        var dbOption = EvalCommand.Db();
        var noCacheOption = new Option<bool>("--no-cache") { Description = "Call the models even when an identical successful call is cached (a resume then pays again)." };
        var catalogOption = CommonOptions.Catalog();
        var formatOption = CommonOptions.Format("table", "json");
        var command = new Command("optimize", "Search a candidate's prompt (instructions, demonstrations, format) on the dev split, within a budget, before concluding that prompting is insufficient.")
        {
            experimentArgument, candidateOption, proposerOption, budgetOption, trialsOption, proposalsOption, firstBatchOption, seedOption,
            dryRunOption, resumeOption, dbOption, noCacheOption, catalogOption, formatOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var dbPath = parse.GetValue(dbOption)!;
            var resume = parse.GetValue(resumeOption);
            var file = parse.GetValue(experimentArgument);
            var json = parse.GetValue(formatOption) == "json";
            Experiment experiment;
            OptimizeOptions options;
            RunStore? store = null;
            if (resume is not null)
            {
                if (file is not null)
                {
                    throw new InputException("give either an experiment file or --resume OPTIMIZATION, not both", field: "--resume", hint: "a resumed search uses the experiment and settings it started with");
                }

                store = RunStore.OpenExisting(dbPath);
                var (header, _) = OptimizationStore.Open(store.Path).Find(resume);
                experiment = ExperimentReader.Parse(header.ExperimentText, header.ExperimentFile);
                options = header.Settings.ToOptions();
            }
            else
            {
                experiment = ExperimentReader.Load(file ?? throw new InputException("no experiment file given", hint: "run 'crossover optimize EXPERIMENT.yaml --candidate NAME', or 'crossover optimize --resume ID'"));
                var candidate = parse.GetValue(candidateOption) ?? throw new InputException("no candidate given", experiment.File, null, "--candidate", "name the candidate to start from: " + string.Join(", ", experiment.Candidates.Select(c => c.Name)));
                options = new OptimizeOptions
                {
                    Candidate = candidate,
                    Proposer = Proposer(experiment, candidate, parse.GetValue(proposerOption)),
                    BudgetUsd = parse.GetValue(budgetOption),
                    Trials = parse.GetValue(trialsOption),
                    Proposals = parse.GetValue(proposalsOption),
                    FirstBatch = parse.GetValue(firstBatchOption),
                    Seed = parse.GetValue(seedOption),
                };
            }

            var runner = new EvalRunner(new CallSetup(EvalCommand.Providers(context), catalog) { Time = context.Time, UseCache = !parse.GetValue(noCacheOption) });
            var optimizer = new PromptOptimizer(runner);
            if (parse.GetValue(dryRunOption))
            {
                WritePlan(context, optimizer.Plan(experiment, options), json);
                return CrossoverCli.Ok;
            }

            optimizer.Validate(experiment, options);
            store ??= RunStore.Open(dbPath, context.Time);
            var result = await optimizer.RunAsync(experiment, store, options, resume, line => context.Error.WriteLine("optimize: " + line), cancellationToken);
            (string PromptFile, string Candidate, bool Appended)? written = result.BestTrial == 0 ? null : WriteBest(experiment, options, result);
            if (json)
            {
                context.Out.WriteLine(ToJson(result, written).ToJsonString(JsonOutput.Options));
            }
            else
            {
                WriteResult(context, experiment, result, written);
            }

            return CrossoverCli.Ok;
        });
        return command;
    }

    /// <summary>The proposer: a candidate's model when the name is a candidate, else a model id on the starting candidate's endpoint.</summary>
    private static ModelSpec? Proposer(Experiment experiment, string candidate, string? proposer)
    {
        if (proposer is null)
        {
            return null;
        }

        if (experiment.Candidates.FirstOrDefault(c => c.Name == proposer) is { } named)
        {
            return named.Model;
        }

        var start = experiment.Candidates.FirstOrDefault(c => c.Name == candidate);
        return start is null ? null : start.Model with { Id = proposer, PriceAs = null, Adapter = null };
    }

    /// <summary>Writes the best prompt beside the experiment and appends it as candidate NAME-optimized (once; a rerun rewrites the file).</summary>
    private static (string PromptFile, string Candidate, bool Appended) WriteBest(Experiment experiment, OptimizeOptions options, OptimizationResult result)
    {
        var start = experiment.Candidates.First(c => c.Name == options.Candidate);
        var name = options.Candidate + "-optimized";
        var fileName = PathSafeName.Of(name) + ".prompt.yaml";
        var folder = Path.GetDirectoryName(Path.GetFullPath(experiment.File))!;
        var best = result.Best;
        var prompt = new PromptFile(best.Instructions, best.Format, best.Demonstrations);
        var comment = string.Create(CultureInfo.InvariantCulture,
            $"Written by crossover optimize ({result.Id}): trial {result.BestTrial}, {result.Primary} {result.BestScore.Score:0.000} [{result.BestScore.Low:0.000}, {result.BestScore.High:0.000}] on {result.FinalItems} dev items. {best.Describe()}.");
        AtomicFile.WriteText(Path.Combine(folder, fileName), prompt.ToYaml(comment));
        var kind = start.Strategy.Kind.WithShots(best.Demonstrations.Count);
        var appended = ExperimentCandidates.Append(experiment.File, name, start.Model, new StrategySpec(kind, best.Demonstrations.Count, ShotSelection.Fixed) { PromptFile = fileName });
        return (fileName, name, appended);
    }

    private static void WritePlan(CliContext context, OptimizationPlan plan, bool json)
    {
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new
            {
                candidate = plan.Candidate,
                devItems = plan.DevItems,
                calls = plan.Calls,
                costUsd = plan.CostUsd,
                budgetUsd = plan.BudgetUsd,
                phases = plan.Phases.Select(p => new { what = p.What, calls = p.Calls, inputTokens = p.InputTokens, outputTokens = p.OutputTokens, costUsd = p.CostUsd }),
            }, JsonOutput.Options));
            return;
        }

        var table = new Table().Title($"Planned search from '{Markup.Escape(plan.Candidate)}' on {plan.DevItems} dev items: nothing was called")
            .AddColumns("phase", "calls at most", "input tokens", "output tokens", "cost");
        foreach (var phase in plan.Phases)
        {
            table.AddRow(Markup.Escape(phase.What), Format.Number(phase.Calls, 0), Format.Number(phase.InputTokens, 0), Format.Number(phase.OutputTokens, 0), Usd(phase.CostUsd));
        }

        table.AddRow("[bold]all rounds[/]", Format.Number(plan.Calls, 0), string.Empty, string.Empty, Usd(plan.CostUsd));
        context.Console.Write(table);
        context.Console.WriteLine("Later rounds count only the dev items a round adds: the earlier ones are answered from the cache."
            + (plan.BudgetUsd is { } budget ? $" The search stops before exceeding {Format.Usd(budget)}." : string.Empty));
    }

    private static void WriteResult(CliContext context, Experiment experiment, OptimizationResult result, (string PromptFile, string Candidate, bool Appended)? written)
    {
        var table = new Table().Title($"Search {Markup.Escape(result.Id)} on {Markup.Escape(result.Primary)} (dev split; 95 % intervals in [[brackets]])")
            .AddColumns("round", "trial", "prompt", "what", "dev items", result.Primary, "paid so far");
        foreach (var step in result.Trajectory)
        {
            table.AddRow(
                (step.Round + 1).ToString(CultureInfo.InvariantCulture), step.Trial.ToString(CultureInfo.InvariantCulture), step.PromptHash, Markup.Escape(step.Description),
                step.Items.ToString(CultureInfo.InvariantCulture), Markup.Escape(Format.Interval(step.Score, step.Low, step.High)), Usd(step.CostSoFarUsd));
        }

        context.Console.Write(table);
        var best = result.BestScore;
        var start = result.Start is { } s ? $"; your prompt {Format.Interval(s.Score, s.Low, s.High)}" : "; your prompt did not reach the final round";
        context.Out.WriteLine(
            $"best: trial {result.BestTrial} ({best.PromptHash}) {Format.Interval(best.Score, best.Low, best.High)} on {result.FinalItems} dev items{start}; paid {Format.Usd(result.CostUsd)}{(result.StoppedByBudget ? " (stopped by the budget)" : string.Empty)}");
        if (written is { } w)
        {
            context.Out.WriteLine($"wrote {w.PromptFile} beside the experiment; " + (w.Appended ? $"added candidate '{w.Candidate}'" : $"candidate '{w.Candidate}' already uses it"));
            context.Out.WriteLine($"next: crossover eval {experiment.File} — scores '{w.Candidate}' beside '{result.Candidate}' on the test split, which the search never saw");
        }
        else
        {
            context.Out.WriteLine("your prompt stayed best on the dev split: nothing was written");
        }
    }

    private static System.Text.Json.Nodes.JsonObject ToJson(OptimizationResult result, (string PromptFile, string Candidate, bool Appended)? written) => new()
    {
        ["id"] = result.Id,
        ["candidate"] = result.Candidate,
        ["primary"] = result.Primary,
        ["bestTrial"] = result.BestTrial,
        ["best"] = Step(result.BestScore),
        ["start"] = result.Start is { } start ? Step(start) : null,
        ["costUsd"] = Math.Round(result.CostUsd, 6),
        ["stoppedByBudget"] = result.StoppedByBudget,
        ["proposals"] = result.Proposals,
        ["bootstrapped"] = result.Bootstrapped,
        ["promptFile"] = written?.PromptFile,
        ["addedCandidate"] = written?.Candidate,
        ["trajectory"] = new System.Text.Json.Nodes.JsonArray([.. result.Trajectory.Select(Step)]),
    };

    private static System.Text.Json.Nodes.JsonObject Step(OptimizationStep step) => new()
    {
        ["round"] = step.Round + 1,
        ["trial"] = step.Trial,
        ["promptHash"] = step.PromptHash,
        ["what"] = step.Description,
        ["items"] = step.Items,
        ["score"] = step.Score,
        ["low"] = step.Low,
        ["high"] = step.High,
        ["paidSoFarUsd"] = Math.Round(step.CostSoFarUsd, 6),
        ["runId"] = step.RunId,
    };

    private static string Usd(double? value) => value is { } v ? Format.Usd(v) : "unknown";
}
