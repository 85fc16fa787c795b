using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Formatting;
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
                .AddColumns("model", "provider", "input", "cached in", "cache write", "output", "fine-tuning (train / in / out)", "new FT jobs", "shuts down → successor", "source");
            foreach (var m in catalog.Models)
            {
                var source = Note(m.Source) + (m.FineTuning is { } tuning && tuning.Source != m.Source ? " " + Note(tuning.Source) : string.Empty);
                models.AddRow(
                    Markup.Escape(m.Unconfirmed is null ? m.Id : m.Id + " *"), Markup.Escape(m.Provider), Format.Rate(m.Input), Format.Rate(m.CachedInput), Format.Rate(m.CacheWrite), Format.Rate(m.Output),
                    m.FineTuning is { } ft ? ft.Endpoint is { } endpoint ? $"{Format.Rate(ft.Training)} / endpoint ${Format.Rate(endpoint.Hourly)}/h" : $"{Format.Rate(ft.Training)} / {Format.Rate(ft.Input)} / {Format.Rate(ft.Output)}" : "-",
                    m.FineTuning is null ? "-" : m.FineTuning.AcceptsNewJobs ? "yes" : m.FineTuning.NewJobsUntil is { } until ? $"no (all: until {until:yyyy-MM-dd})" : "no",
                    m.Lifecycle?.Shutdown is { } shutdown ? Markup.Escape($"{shutdown:yyyy-MM-dd} → {m.Lifecycle.Successor ?? "none"}") : "-",
                    source);
            }

            context.Console.Write(models);
            if (catalog.Models.Any(m => m.Unconfirmed is not null))
            {
                context.Out.WriteLine("* unconfirmed on the provider's own page: 'crossover catalog show ID' says why.");
            }

            var gpus = new Table().Title("GPU prices, USD per GPU-hour").AddColumns("gpu id", "gpu", "hourly", "peak TFLOP/s", "source");
            foreach (var g in catalog.Gpus)
            {
                gpus.AddRow(Markup.Escape(g.Id), Markup.Escape(g.Gpu), Format.Rate(g.Hourly), g.PeakTflops.ToString("0", CultureInfo.InvariantCulture), Note(g.Source));
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

        return new Command("catalog", "The bundled, dated price catalog (override with --catalog FILE).") { list, show, Check(context, catalogOption, formatOption) };
    }

    /// <summary><c>catalog check [--against FILE]</c>: the catalog in use against the community price database; exit 1 on unexplained differences.</summary>
    private static Command Check(CliContext context, Option<string?> catalogOption, Option<string> formatOption)
    {
        var againstOption = new Option<string?>("--against")
        {
            Description = "genai-prices' data.json (default: artifacts/genai-prices/data.json from eng/prerequisites.sh, looked for here and above).",
        };
        var check = new Command("check", "Compare the catalog's prices with the community database @pydantic/genai-prices; differences over 2 % fail unless allow-listed.")
        {
            againstOption, catalogOption, formatOption,
        };
        check.SetAction(parse =>
        {
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var path = parse.GetValue(againstOption) ?? FindDatabase()
                ?? throw new InputException("no price database to compare with", hint: "run eng/prerequisites.sh (it installs @pydantic/genai-prices), or pass --against FILE (genai-prices' prices/data.json)");
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{path}: cannot read the file ({e.Message})", hint: "check the path given to --against");
            }

            var result = PriceCheck.Compare(catalog, PriceDatabase.Parse(text, path), PriceCheck.BundledAllowList());
            if (parse.GetValue(formatOption) == "json")
            {
                context.Out.WriteLine(JsonSerializer.Serialize(result, JsonOutput.Options));
            }
            else
            {
                WriteCheck(context, result);
            }

            return result.Unexplained.Any() ? CrossoverCli.Failed : CrossoverCli.Ok;
        });
        return check;
    }

    private static void WriteCheck(CliContext context, PriceCheckResult result)
    {
        var dated = result.DatabaseDate is { } date ? $"published {date:yyyy-MM-dd}" : "publication date unknown";
        context.Out.WriteLine($"Catalog of {result.CatalogDate:yyyy-MM-dd} against {result.DatabaseOrigin} ({dated}): {result.Compared.Count} models compared, {result.Differences.Count} prices differ by more than {PriceCheck.Tolerance:0%}, {result.Unexplained.Count()} unexplained.");
        if (result.Differences.Count > 0)
        {
            var table = new Table().AddColumns("model", "database id", "field", "catalog", "database", "difference", "explained");
            foreach (var d in result.Differences)
            {
                table.AddRow(
                    Markup.Escape(d.ModelId), Markup.Escape(d.DatabaseModelId), d.Field, Format.Rate(d.Catalog), Format.Rate(d.Database),
                    d.Relative is { } r ? r.ToString("+0.#%;-0.#%", CultureInfo.InvariantCulture) : "-",
                    Markup.Escape(d.Explanation ?? "NO"));
            }

            context.Console.Write(table);
        }

        if (result.Unknown.Count > 0)
        {
            context.Out.WriteLine($"Not in the database: {string.Join(", ", result.Unknown)}.");
        }

        foreach (var stale in result.UnusedAllowances)
        {
            context.Error.WriteLine($"warning: the allow-list entry for {stale.ModelId} {stale.Field} matches no difference any more: remove it");
        }
    }

    private static string? FindDatabase()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "genai-prices", "data.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>What to do about an id the catalog lacks: "did you mean" the closest id, or where to find the ids.</summary>
    internal static string Suggestion(PriceCatalog catalog, string id) => catalog.IdHint(id, "run 'crossover catalog list' for the ids, or add it with --catalog FILE");

}
