using Crossover.Core.Catalog;
using Crossover.Core.Input;

namespace Crossover.Core.Tests;

public sealed class PriceCheckTests
{
    private static readonly PriceCatalog Catalog = PriceCatalogReader.Read(YamlMap.Parse("""
        date: 2026-11-29
        models:
          - id: exact
            provider: acme
            input: 1.02
            cachedInput: 0.1
            output: 4
            source: test
          - id: off
            provider: acme
            providerModel: acme/Off-Model-Turbo
            input: 1.021
            output: 4
            source: test
          - id: tiered
            provider: acme
            input: 2
            output: 10
            longContext: { above: 200000, input: 4, output: 18 }
            source: test
          - id: dated
            provider: acme
            input: 0.8
            output: 4
            source: test
          - id: nobody-knows
            provider: acme
            input: 1
            output: 1
            source: test
          - id: elsewhere
            provider: unlisted
            input: 1
            output: 1
            source: test
        """, "hand.yaml"), requireDate: true);

    // exact: 1.02 vs 1.00 is 2.0 % apart, within tolerance; the database also has a cached price (0.1) → equal.
    // off: 1.021 vs 1.00 is 2.1 % → differs; the database has a cache read price (0.5) the catalog lacks → differs.
    // tiered: the long-context output tier 18 vs 15 → differs; the base prices agree.
    // dated: the price set starting 2026-08-01 (0.8) applies, the one starting 2027-01-01 (0.5) does not yet.
    private const string Database = """
        { "package": "@pydantic/genai-prices", "version": "9.9.9", "date": "2026-09-23T10:11:04Z", "providers": [
          { "id": "acme", "models": [
            { "id": "exact-db", "match": { "or": [ { "equals": "EXACT" }, { "equals": "exact-latest" } ] }, "prices": { "input_mtok": 1, "cache_read_mtok": 0.1, "output_mtok": 4 } },
            { "id": "off-db", "match": { "and": [ { "starts_with": "acme/off" }, { "ends_with": "-turbo" } ] }, "prices": { "input_mtok": 1, "cache_read_mtok": 0.5, "output_mtok": 4 } },
            { "id": "tiered-db", "match": { "regex": "^tier" }, "prices": {
                "input_mtok": { "base": 2, "tiers": [ { "start": 200000, "price": 4 } ] },
                "output_mtok": { "base": 10, "tiers": [ { "start": 200000, "price": 15 } ] } } },
            { "id": "dated-db", "match": { "contains": "date" }, "prices": [
                { "prices": { "input_mtok": 2, "output_mtok": 4 } },
                { "constraint": { "type": "start_date", "start_date": "2026-08-01" }, "prices": { "input_mtok": 0.8, "output_mtok": 4 } },
                { "constraint": { "type": "start_date", "start_date": "2027-01-01" }, "prices": { "input_mtok": 0.5, "output_mtok": 4 } } ] }
          ] }
        ] }
        """;

    [Fact]
    public void Compare_HandDatabase_FlagsOnlyWhatDiffersByMoreThanTwoPercent()
    {
        var result = PriceCheck.Compare(Catalog, PriceDatabase.Parse(Database, "db.json"), []);

        Assert.Equal(("@pydantic/genai-prices 9.9.9", new DateOnly(2026, 9, 23)), (result.DatabaseOrigin, result.DatabaseDate!.Value));
        Assert.Equal(["exact", "off", "tiered", "dated"], result.Compared);
        Assert.Equal(["nobody-knows", "elsewhere"], result.Unknown);
        Assert.Equal(
            [
                new PriceDifference("off", "off-db", "input", 1.021, 1, null),
                new PriceDifference("off", "off-db", "cachedInput", null, 0.5, null),
                new PriceDifference("tiered", "tiered-db", "longContext.output", 18, 15, null),
            ],
            result.Differences);
        Assert.Equal(0.2, result.Differences[2].Relative!.Value, 9);
    }

    [Fact]
    public void Compare_AllowList_ExplainsDifferencesAndReportsStaleEntries()
    {
        PriceAllowance[] allow =
        [
            new("off", "*", "the provider's page, read 2026-11-29, lists 1.021"),
            new("tiered", "longContext.output", "tier changed 2026-11-01"),
            new("exact", "input", "no longer differs"),
        ];

        var result = PriceCheck.Compare(Catalog, PriceDatabase.Parse(Database, "db.json"), allow);

        Assert.Empty(result.Unexplained);
        Assert.Equal("the provider's page, read 2026-11-29, lists 1.021", result.Differences[0].Explanation);
        Assert.Equal([allow[2]], result.UnusedAllowances);
    }

    [Fact]
    public void Parse_UpstreamListWithoutDate_HasNoDate()
    {
        var database = PriceDatabase.Parse("""[ { "id": "acme", "models": [] } ]""", "data.json");

        Assert.Equal(("data.json", (DateOnly?)null), (database.Origin, database.Date));
        Assert.Null(database.Find("acme", "anything", new DateOnly(2026, 11, 29)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "models": [] }""")]
    public void Parse_NotTheDatabase_IsAUserError(string text)
    {
        var error = Assert.Throws<InputException>(() => PriceDatabase.Parse(text, "wrong.json"));

        Assert.Contains("wrong.json", error.Message);
    }

    [Fact]
    public void ReadAllowList_EntryWithoutReason_NamesTheField()
    {
        var error = Assert.Throws<InputException>(() => PriceCheck.ReadAllowList(YamlMap.Parse("allow:\n  - model: gpt-5.5\n    field: input\n", "allow.yaml")));

        Assert.Contains("allow[0].reason", error.Message);
    }

    [Fact]
    public void BundledAllowList_EveryEntryHasAReason()
    {
        Assert.All(PriceCheck.BundledAllowList(), a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
    }

    [SkippableFact]
    public void BundledCatalog_AgainstGenAiPrices_HasNoUnexplainedDifference()
    {
        var path = Path.Combine(TestData.RepoRoot, "artifacts", "genai-prices", "data.json");
        if (!File.Exists(path))
        {
            var npm = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "npm")));
            Skip.IfNot(npm, "npm is not installed, so eng/prerequisites.sh could not fetch @pydantic/genai-prices: install Node.js and npm, then run eng/prerequisites.sh");
            Assert.Fail($"{path} is missing: run eng/prerequisites.sh (it installs @pydantic/genai-prices with npm)");
        }

        var result = PriceCheck.Compare(TestData.Catalog, PriceDatabase.Parse(File.ReadAllText(path), path), PriceCheck.BundledAllowList());

        Assert.True(result.Compared.Count >= 30, $"only {result.Compared.Count} catalog models were found in {result.DatabaseOrigin}: has its layout changed?");
        Assert.Empty(result.Unexplained.Select(d => $"{d.ModelId} {d.Field}: catalog {d.Catalog}, {result.DatabaseOrigin} {d.Database}"));
        Assert.Empty(result.UnusedAllowances);
    }
}
