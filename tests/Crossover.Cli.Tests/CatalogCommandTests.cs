using System.Text.Json;

namespace Crossover.Cli.Tests;

public sealed class CatalogCommandTests
{
    [Fact]
    public async Task CatalogList_Json_ListsModelsWithSourcesAndDate()
    {
        var result = await CliRunner.RunAsync("catalog", "list", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal("2026-11-29", doc.RootElement.GetProperty("date").GetString());
        var models = doc.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Contains(models, m => m.GetProperty("id").GetString() == "gpt-4.1-mini");
        Assert.All(models, m => Assert.StartsWith("https://", m.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task CatalogShow_UnknownId_ExitsTwoWithOneLine()
    {
        var result = await CliRunner.RunAsync("catalog", "show", "no-such-model");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-model", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task CatalogShow_UserCatalogOverridesBundledPrice()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "date: 2027-01-01\nmodels:\n  - id: gpt-4.1-mini\n    input: 0.33\n    output: 1.11\n");
        try
        {
            var result = await CliRunner.RunAsync("catalog", "show", "gpt-4.1-mini", "--catalog", path);

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Stdout);
            Assert.Equal(0.33, doc.RootElement.GetProperty("input").GetDouble());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task UnknownOption_ExitsTwoAndNamesIt()
    {
        var result = await CliRunner.RunAsync("catalog", "list", "--frmat", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--frmat", result.Stderr);
    }
}
