using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crossover.Core.Formatting;
using Crossover.Core.Input;
using Crossover.Evaluation.Cascades;
using Crossover.Evaluation.Store;
using Crossover.Routing;
using Spectre.Console;

namespace Crossover.Cli.Commands;

/// <summary>
/// <c>crossover cascade RUN</c>: simulates cascades over a stored dev+test run (no model is called), stores the analysis
/// with the run, and with <c>--export FILE</c> writes the plan <c>UseCascade</c> runs (docs/cascades.md).
/// </summary>
internal static class CascadeCommand
{
    public static Command Create(CliContext context)
    {
        var runArgument = new Argument<string>("run") { Description = "A run that scored dataset.evaluate: dev+test ('crossover eval' prints its id)." };
        var dbOption = EvalCommand.Db();
        var catalogOption = CommonOptions.Catalog();
        var formatOption = CommonOptions.Format("table", "json");
        var stagesOption = new Option<string?>("--stages") { Description = "Fix the stages, cheapest first: candidate names joined by commas, e.g. nano,mini (default: every 2- and 3-stage cascade, ordered by measured cost)." };
        var gateOption = new Option<string?>("--gate") { Description = "Gates to try, comma-separated: format, confidence, agreement, judge (default: every one the run's records can measure)." };
        var maxStagesOption = new Option<int>("--max-stages") { Description = "The most stages a generated cascade has: 2 or 3.", DefaultValueFactory = _ => 3 };
        var targetOption = new Option<double?>("--target-quality") { Description = "Calibrate for this quality (0–1) on dev; recommend the cheapest option whose 95 % lower bound on test reaches it." };
        var budgetOption = new Option<double?>("--budget") { Description = "Calibrate for this cost, USD per 1,000 requests, on dev; recommend the best option within it on test." };
        var exportOption = new Option<string?>("--export") { Description = "Write the recommended cascade (or --cascade NAME) as a plan for CascadeChatClient / UseCascade." };
        var cascadeOption = new Option<string?>("--cascade") { Description = "The cascade --export writes, by name (default: the recommended one)." };
        var command = new Command("cascade", "Simulate 2- and 3-stage cascades over a stored run: thresholds calibrated on dev, quality and cost on test, the Pareto frontier.")
        {
            runArgument, dbOption, catalogOption, formatOption, stagesOption, gateOption, maxStagesOption, targetOption, budgetOption, exportOption, cascadeOption,
        };
        command.SetAction(parse =>
        {
            var runId = parse.GetValue(runArgument)!;
            var target = parse.GetValue(targetOption);
            if (target is < 0 or > 1)
            {
                throw new InputException($"--target-quality {target.Value.ToString(CultureInfo.InvariantCulture)} is not a quality", hint: "give a share between 0 and 1, e.g. 0.9");
            }

            var budget = parse.GetValue(budgetOption);
            if (budget is < 0)
            {
                throw new InputException("--budget cannot be negative", hint: "give USD per 1,000 requests, e.g. 0.5");
            }

            var options = new CascadeAnalysisOptions
            {
                Stages = parse.GetValue(stagesOption) is { } stages ? Split(stages) : null,
                Gates = parse.GetValue(gateOption) is { } gates ? [.. Split(gates).Select(Gate)] : null,
                MaxStages = parse.GetValue(maxStagesOption),
                Objective = new CascadeObjective(target, budget),
            };
            var store = RunStore.OpenExisting(parse.GetValue(dbOption)!);
            var analysis = CascadeAnalyzer.Analyze(store, runId, CommonOptions.LoadCatalog(parse.GetValue(catalogOption)), options, context.Time);
            CascadeStore.Save(store, analysis);
            if (parse.GetValue(exportOption) is { } exportPath)
            {
                var name = parse.GetValue(cascadeOption) ?? analysis.Recommended
                    ?? throw new InputException($"nothing to export: {analysis.Recommendation}", hint: "name a cascade with --cascade, e.g. one on the frontier: " + string.Join(", ", analysis.Frontier));
                Export(analysis.ToPlan(name), exportPath);
            }

            if (parse.GetValue(formatOption) == "json")
            {
                context.Out.WriteLine(JsonSerializer.Serialize(analysis, JsonOutput.Options));
            }
            else
            {
                Print(context, analysis, store.Path);
            }

            return analysis.Recommended is null && (target is not null || budget is not null) ? CrossoverCli.Failed : CrossoverCli.Ok;
        });
        return command;
    }

    private static List<string> Split(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static CascadeGate Gate(string name) =>
        Enum.TryParse<CascadeGate>(name, ignoreCase: true, out var gate) && Enum.IsDefined(gate) && !int.TryParse(name, out _)
            ? gate
            : throw new InputException($"--gate: '{name}' is not a gate", hint: "use format, confidence, agreement or judge");

    private static void Export(CascadePlan plan, string path)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(temporary, plan.ToJson());
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write the cascade plan: {ex.Message}", path, hint: "choose a writable path with --export");
        }
    }

    private static void Print(CliContext context, CascadeAnalysis analysis, string db)
    {
        var table = new Table().Title($"Run {Markup.Escape(analysis.RunId)}: calibrated on {analysis.DevItems} dev items, reported on {analysis.TestItems} test items")
            .AddColumn(new TableColumn("option (* frontier)").NoWrap())
            .AddColumns("threshold", $"{Markup.Escape(analysis.Metric)} (95 %)", $"vs {Markup.Escape(analysis.Strongest)}, pts (95 %)", "per 1,000 requests", "answered by stage");
        var frontier = analysis.Frontier.ToHashSet(StringComparer.Ordinal);
        foreach (var o in analysis.Options)
        {
            table.AddRow(
                Markup.Escape(o.Name) + (frontier.Contains(o.Name) ? " *" : string.Empty),
                o.Threshold is { } t ? t.ToString("0.###", CultureInfo.InvariantCulture) : "-",
                Format.PercentInterval(o.Quality.Value, o.Quality.Low, o.Quality.High),
                $"{Format.Points(o.VersusStrongest.Difference)} ({Format.Points(o.VersusStrongest.Low)} to {Format.Points(o.VersusStrongest.High)})",
                Format.Usd(o.CostPer1kUsd),
                string.Join(" / ", o.AnsweredShare.Select(Format.Percent)));
        }

        context.Console.Write(table);
        context.Out.WriteLine(analysis.Recommended is { } name
            ? $"Recommended: {name}, {analysis.Recommendation}."
            : $"No recommendation: {analysis.Recommendation}.");
        context.Out.WriteLine("Format compliance and p95 latency per option: --format json.");
        context.Out.WriteLine($"Stored with run {analysis.RunId} in {db}; export a cascade with --export cascade.json [--cascade NAME].");
    }
}
