using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crossover.Core.Formatting;
using Crossover.Core.Input;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Store;
using Spectre.Console;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover runs list|show RUN|compare RUN_A RUN_B|rm RUN</c>: the run store browsed from the terminal.</summary>
internal static class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var dbOption = EvalCommand.Db();
        var catalogOption = CommonOptions.Catalog();
        var formatOption = CommonOptions.Format("table", "json");

        var list = new Command("list", "Every run, newest first: id, experiment, started, status, records, cost, candidates.") { dbOption, catalogOption, formatOption };
        list.SetAction(parse =>
        {
            var store = RunStore.OpenExisting(parse.GetValue(dbOption)!);
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var runs = store.Runs().Select(run => RunSummary.Load(store, run, catalog)).ToList();
            if (parse.GetValue(formatOption) == "json")
            {
                context.Out.WriteLine(RunSummaryJson.Serialize(runs));
                return CrossoverCli.Ok;
            }

            if (runs.Count == 0)
            {
                context.Error.WriteLine($"runs: no runs in {store.Path} yet; start one with 'crossover eval EXPERIMENT'");
                return CrossoverCli.Ok;
            }

            var table = new Table().Title($"Runs in {Markup.Escape(store.Path)}")
                .AddColumns("run", "experiment", "started (UTC)", "status", "records", "cost USD", "candidates");
            foreach (var run in runs)
            {
                table.AddRow(Markup.Escape(run.Id), Markup.Escape(run.Experiment), run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Status(run), Records(run), Cost(run.CostUsd), Markup.Escape(string.Join(", ", run.Candidates)));
            }

            context.Console.Write(table);
            return CrossoverCli.Ok;
        });

        var runArgument = new Argument<string>("run") { Description = "A run id from 'crossover runs list'." };
        var show = new Command("show", "One run: its header and status, then the candidates' results and paired comparisons.") { runArgument, dbOption, catalogOption, formatOption };
        show.SetAction(parse =>
        {
            var store = RunStore.OpenExisting(parse.GetValue(dbOption)!);
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var info = store.Run(parse.GetValue(runArgument)!);
            var summary = RunSummary.Load(store, info, catalog);
            var report = RunReport.Load(store, info.Id, catalog);
            if (parse.GetValue(formatOption) == "json")
            {
                context.Out.WriteLine(RunReportJson.Serialize(report, summary));
                return CrossoverCli.Ok;
            }

            var header = new Grid().AddColumn().AddColumn();
            header.AddRow("run", Markup.Escape(summary.Id));
            header.AddRow("experiment", Markup.Escape($"{summary.Experiment} ({summary.ExperimentFile})"));
            header.AddRow("started (UTC)", summary.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            header.AddRow("status", Status(summary) + (summary.UnknownBecause is { } why ? Markup.Escape($" ({why})") : string.Empty));
            header.AddRow("records", Records(summary));
            header.AddRow("cost USD", Cost(summary.CostUsd));
            context.Console.Write(header);
            if (summary.Status == RunStatus.Killed)
            {
                context.Console.WriteLine($"continue it with: {EvalCommand.ResumeCommand(summary.Id, parse.GetValue(dbOption)!)}");
            }

            EvalCommand.WriteTables(context, report);
            return CrossoverCli.Ok;
        });

        var firstArgument = new Argument<string>("run-a") { Description = "The first run id." };
        var secondArgument = new Argument<string>("run-b") { Description = "The second run id." };
        var compare = new Command("compare", "Two runs side by side: each candidate's primary metric and cost per 1k requests in both, and the change.")
        {
            firstArgument, secondArgument, dbOption, catalogOption, formatOption,
        };
        compare.SetAction(parse =>
        {
            var store = RunStore.OpenExisting(parse.GetValue(dbOption)!);
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var a = RunReport.Load(store, parse.GetValue(firstArgument)!, catalog);
            var b = RunReport.Load(store, parse.GetValue(secondArgument)!, catalog);
            if (a.Primary != b.Primary)
            {
                throw new InputException($"run {a.RunId} measures {a.Primary} first and run {b.RunId} measures {b.Primary}", hint: "compare runs of experiments with the same primary metric");
            }

            var rows = RunComparison.Rows(a, b);
            if (parse.GetValue(formatOption) == "json")
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new { runA = a.RunId, runB = b.RunId, metric = a.Primary, candidates = rows }, JsonOutput.Options));
                return CrossoverCli.Ok;
            }

            var table = new Table().Title(Markup.Escape($"{a.RunId} (A) against {b.RunId} (B) on {a.Primary}; 95 % intervals in brackets"))
                .AddColumns("candidate", "A", "B", "B − A", "USD per 1k: A / B");
            foreach (var row in rows)
            {
                table.AddRow(Markup.Escape(row.Candidate), Interval(row.A), Interval(row.B),
                    row.Change is { } change ? change.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) : "-",
                    $"{Cost(row.CostPer1kA)} / {Cost(row.CostPer1kB)}");
            }

            context.Console.Write(table);
            return CrossoverCli.Ok;
        });

        var rm = new Command("rm", "Delete a run and its records (the response cache is kept).") { runArgument, dbOption };
        rm.SetAction(parse =>
        {
            var store = RunStore.OpenExisting(parse.GetValue(dbOption)!);
            var id = parse.GetValue(runArgument)!;
            store.DeleteRun(id);
            context.Error.WriteLine($"runs: deleted run {id} from {store.Path}");
            return CrossoverCli.Ok;
        });

        return new Command("runs", "The evaluation runs in the run store: list, show, compare, rm.") { list, show, compare, rm };
    }

    private static string Status(RunSummary run) => run.Status.ToString().ToLowerInvariant();

    private static string Records(RunSummary run)
    {
        var records = run.Planned is { } planned ? $"{Format.Number(run.Records, 0)}/{Format.Number(planned, 0)}" : Format.Number(run.Records, 0);
        return run.Errors > 0 ? $"{records} ({Format.Number(run.Errors, 0)} errors)" : records;
    }

    private static string Cost(double? usd) => usd is { } value ? Format.Usd(value) : "no price";

    private static string Interval(MetricResult? metric) => metric is null
        ? "-"
        : Markup.Escape(Format.Interval(metric.Value, metric.Low, metric.High));
}
