using System.CommandLine;
using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;

namespace Crossover.Cli.Commands;

/// <summary>Options shared by several verbs, so they read and behave the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string?> Catalog() => new("--catalog")
    {
        Description = "A price catalog file layered over the bundled one (see docs/catalog.md).",
    };

    public static Option<string> Format(params string[] formats)
    {
        var option = new Option<string>("--format")
        {
            Description = "Output format: " + string.Join(", ", formats) + ".",
            DefaultValueFactory = _ => formats[0],
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    public static Option<bool> AllowOutsideFiles() => new("--allow-outside-files")
    {
        Description = "Let the experiment read its dataset, schema and rubric from outside its own folder (only for experiments you trust: their contents are sent to the experiment's endpoints).",
    };

    /// <summary>Loads an experiment and prints its warnings (e.g. a key variable sent to a foreign endpoint) before anything else happens.</summary>
    public static Experiment LoadExperiment(string path, bool allowOutsideFiles, CliContext context)
    {
        var experiment = ExperimentReader.Load(path, allowOutsideFiles);
        foreach (var warning in experiment.Warnings)
        {
            context.Error.WriteLine($"warning: {warning}");
        }

        return experiment;
    }

    public static PriceCatalog LoadCatalog(string? userCatalogPath)
    {
        var bundled = PriceCatalogReader.LoadBundled();
        return userCatalogPath is null ? bundled : bundled.OverriddenBy(PriceCatalogReader.Load(userCatalogPath));
    }
}
