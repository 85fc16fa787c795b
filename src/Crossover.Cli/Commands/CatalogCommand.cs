using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Spectre.Console;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover catalog list|show ID</c>: the prices Crossover uses, with their sources.</summary>
internal static class CatalogCommand
{
    public static Command Create(CliContext context)
    {
        var catalogOption = CommonOptions.Catalog();
        var formatOption = CommonOptions.Format("table", "json");

        var list = new Command("list", "List every model and GPU price with its source.") { catalogOption, formatOption };
        list.SetAction(parse =>
        {
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            if (parse.GetValue(formatOption) == "json")
            {
                context.Out.WriteLine(JsonSerializer.Serialize(catalog, JsonOutput.Options));
                return CrossoverCli.Ok;
            }

            // Sources are numbered notes under the tables, so a long URL does not widen every row.
            var sources = new List<string>();
            string Note(string source)
            {
                var at = sources.IndexOf(source);
                if (at < 0)
                {
                    sources.Add(source);
                    at = sources.Count - 1;
                }

                return $"[[{at + 1}]]";
            }

            var models = new Table().Title($"Model prices, USD per 1M tokens (catalog of {catalog.Date:yyyy-MM-dd})")
                .AddColumns("model", "provider", "input", "cached in", "cache write", "output", "fine-tuning (train / in / out)", "new FT jobs", "source");
            foreach (var m in catalog.Models)
            {
                var source = Note(m.Source) + (m.FineTuning is { } tuning && tuning.Source != m.Source ? " " + Note(tuning.Source) : string.Empty);
                models.AddRow(
                    Markup.Escape(m.Id), Markup.Escape(m.Provider), Usd(m.Input), Usd(m.CachedInput), Usd(m.CacheWrite), Usd(m.Output),
                    m.FineTuning is { } ft ? $"{Usd(ft.Training)} / {Usd(ft.Input)} / {Usd(ft.Output)}" : "-",
                    m.FineTuning is null ? "-" : m.FineTuning.AcceptsNewJobs ? "yes" : "no",
                    source);
            }

            context.Console.Write(models);
            var gpus = new Table().Title("GPU prices, USD per GPU-hour").AddColumns("gpu id", "gpu", "hourly", "peak TFLOP/s", "source");
            foreach (var g in catalog.Gpus)
            {
                gpus.AddRow(Markup.Escape(g.Id), Markup.Escape(g.Gpu), Usd(g.Hourly), g.PeakTflops.ToString("0", CultureInfo.InvariantCulture), Note(g.Source));
            }

            context.Console.Write(gpus);
            context.Console.WriteLine("Sources:");
            for (var i = 0; i < sources.Count; i++)
            {
                context.Console.WriteLine($"  [{i + 1}] {sources[i]}");
            }

            return CrossoverCli.Ok;
        });

        var idArgument = new Argument<string>("id") { Description = "A model or GPU id from 'crossover catalog list'." };
        var show = new Command("show", "Show one model or GPU entry in full, with its source.") { idArgument, catalogOption };
        show.SetAction(parse =>
        {
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var id = parse.GetValue(idArgument)!;
            object entry = (object?)catalog.FindModel(id) ?? catalog.FindGpu(id)
                ?? throw new InputException($"no model or GPU '{id}' in the catalog", hint: Suggestion(catalog, id));
            context.Out.WriteLine(JsonSerializer.Serialize(entry, JsonOutput.Options));
            return CrossoverCli.Ok;
        });

        return new Command("catalog", "The bundled, dated price catalog (override with --catalog FILE).") { list, show };
    }

    /// <summary>"did you mean" the closest catalog id, or where to find the ids.</summary>
    internal static string Suggestion(PriceCatalog catalog, string id) =>
        YamlMap.Closest(id, catalog.Models.Select(m => m.Id).Concat(catalog.Gpus.Select(g => g.Id))) is { } closest
            ? $"did you mean '{closest}'?"
            : "run 'crossover catalog list' for the ids, or add it with --catalog FILE";

    private static string Usd(double? value) => value is null ? "-" : value.Value.ToString("0.00##", CultureInfo.InvariantCulture);
}
