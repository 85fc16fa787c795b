using System.CommandLine;
using Crossover.Core.Catalog;

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

    public static PriceCatalog LoadCatalog(string? userCatalogPath)
    {
        var bundled = PriceCatalogReader.LoadBundled();
        return userCatalogPath is null ? bundled : bundled.OverriddenBy(PriceCatalogReader.Load(userCatalogPath));
    }
}
