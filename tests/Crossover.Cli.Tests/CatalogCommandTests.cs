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

    [Fact]
    public async Task CatalogCheck_PriceOffByMoreThanTwoPercent_ExitsOneAndNamesIt()
    {
        var path = await WriteDatabaseAsync(input: 0.50);
        try
        {
            var table = await CliRunner.RunAsync("catalog", "check", "--against", path);
            var json = await CliRunner.RunAsync("catalog", "check", "--against", path, "--format", "json");

            Assert.Equal(1, table.ExitCode);
            Assert.Contains("against test-db 1.0 (published 2026-09-23): 1 models compared, 1 prices differ by more than 2%, 1 unexplained.", table.Stdout);
            Assert.Contains("Not in the database: gpt-4.1,", table.Stdout);
            using var doc = JsonDocument.Parse(json.Stdout);
            var difference = Assert.Single(doc.RootElement.GetProperty("differences").EnumerateArray());
            Assert.Equal(("gpt-4.1-mini", "input", 0.40, 0.50), (difference.GetProperty("modelId").GetString(), difference.GetProperty("field").GetString(),
                difference.GetProperty("catalog").GetDouble(), difference.GetProperty("database").GetDouble()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task CatalogCheck_PricesWithinTwoPercent_ExitsZero()
    {
        var path = await WriteDatabaseAsync(input: 0.405);
        try
        {
            var result = await CliRunner.RunAsync("catalog", "check", "--against", path);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("0 prices differ", result.Stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("/nonexistent/data.json", "cannot read the file")]
    [InlineData("catalog-check-not-json", "not JSON")]
    public async Task CatalogCheck_UnreadableDatabase_ExitsTwoWithOneLine(string against, string expected)
    {
        var path = against.StartsWith('/') ? against : Path.Combine(Path.GetTempPath(), $"{against}-{Guid.NewGuid():N}.json");
        if (!against.StartsWith('/'))
        {
            await File.WriteAllTextAsync(path, "<html>");
        }

        var result = await CliRunner.RunAsync("catalog", "check", "--against", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }

    /// <summary>A one-model database in genai-prices' shape: gpt-4.1-mini at the given input price, the catalog's other prices.</summary>
    private static async Task<string> WriteDatabaseAsync(double input)
    {
        var path = Path.Combine(Path.GetTempPath(), $"genai-prices-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, $$"""
            { "package": "test-db", "version": "1.0", "date": "2026-09-23", "providers": [ { "id": "openai", "models": [
              { "id": "gpt-4.1-mini", "match": { "equals": "gpt-4.1-mini" }, "prices": { "input_mtok": {{input.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "cache_read_mtok": 0.1, "output_mtok": 1.6 } } ] } ] }
            """);
        return path;
    }
}
