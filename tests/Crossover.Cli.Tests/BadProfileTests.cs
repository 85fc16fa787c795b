namespace Crossover.Cli.Tests;

public sealed class BadProfileTests
{
    private const string Valid = """
        stage: production
        traffic:
          requestsPerMonth: 100000
        prompted:
          model: gpt-4.1
        fineTuned:
          baseModel: gemini-2.5-flash
        """;

    public static TheoryData<string, string, string> BadProfiles => new()
    {
        { "unknown top-level field", Valid + "\nvolume: 3\n", "volume: unknown field" },
        { "misspelt nested field", Valid.Replace("requestsPerMonth", "requestPerMonth", StringComparison.Ordinal), "did you mean 'requestsPerMonth'" },
        { "negative volume", Valid.Replace("100000", "-5", StringComparison.Ordinal), "traffic.requestsPerMonth: -5 is out of range" },
        { "hit rate above one", Valid.Replace("model: gpt-4.1\n", "model: gpt-4.1\n  cacheHitRate: 1.5\n", StringComparison.Ordinal), "prompted.cacheHitRate: 1.5 is out of range" },
        { "text where a number belongs", Valid.Replace("100000", "lots", StringComparison.Ordinal), "must be a number, not 'lots'" },
        { "quoted number", Valid.Replace("100000", "\"100000\"", StringComparison.Ordinal), "must be a number" },
        { "unknown stage", Valid.Replace("production", "beta", StringComparison.Ordinal), "'beta' is not allowed (use one of: prototype, production)" },
        { "range out of order", Valid.Replace("100000", "{ low: 9, likely: 5, high: 7 }", StringComparison.Ordinal), "low ≤ likely ≤ high" },
        { "range missing high", Valid.Replace("100000", "{ low: 9 }", StringComparison.Ordinal), "high: is required in a range" },
        { "fractional horizon", Valid + "\n" + "evaluationUsdPerMonth: 1\n" + "data: { labeledExamples: 10 }\n" + "team: { mlExpertise: some }\n" + "quality: { bar: 0.9 }\n" + "format: { strictness: strict }\n" + "style: none\n" + "task: reasoning\n" + "domain: general\n" + "behaviorChanges: rarely\n" + "knowledgeChanges: rarely\n" + "name: x\n" + "description: y\n" + "prices: { models: [] }\n" + "fineTunedX: 1\n", "fineTunedX: unknown field" },
        { "section that is not a mapping", Valid.Replace("traffic:\n  requestsPerMonth: 100000", "traffic: 5", StringComparison.Ordinal), "traffic: must be a mapping" },
        { "list where a number belongs", Valid.Replace("100000", "[1, 2]", StringComparison.Ordinal), "must be a number or a range { low, likely, high }, not a list" },
        { "malformed YAML", "stage: [production\ntraffic: 1\n", "not valid YAML or JSON" },
        { "empty file", "", "the file is empty" },
        { "root is a list", "- stage: production\n", "must be a mapping" },
        { "model not in catalog", Valid.Replace("model: gpt-4.1", "model: gpt-99", StringComparison.Ordinal), "prompted.model: model 'gpt-99' is not in the price catalog" },
        { "base model without fine-tuning prices", Valid.Replace("gemini-2.5-flash", "gpt-5", StringComparison.Ordinal), "fineTuned.baseModel: the catalog has no fine-tuning prices for 'gpt-5'" },
        { "self-hosted without a GPU", Valid.Replace("baseModel: gemini-2.5-flash", "baseModel: gemini-2.5-flash\n  hosting: self-hosted\n  parametersBillions: 8", StringComparison.Ordinal), "self-hosting needs a GPU price" },
        { "unknown GPU", Valid.Replace("baseModel: gemini-2.5-flash", "baseModel: gemini-2.5-flash\n  hosting: self-hosted\n  gpu: tpu-v9", StringComparison.Ordinal), "GPU 'tpu-v9' is not in the price catalog" },
        { "duplicate key", Valid + "\nstage: prototype\n", "Duplicate key stage" },
        { "boolean that is not", Valid + "\nteam: { selfHostRequired: maybe }\n", "must be true or false" },
        { "whole number with a fraction", Valid + "\nfineTuned2: 1\n", "fineTuned2: unknown field" },
        { "learning curve given both ways", Valid + "\ndata: { examplesNeeded: 200, notBeatenUpTo: 500 }\n", "data.notBeatenUpTo: give either examplesNeeded" },
        { "horizon with a fraction", Valid.Replace("requestsPerMonth: 100000", "requestsPerMonth: 100000\n  horizonMonths: 2.5", StringComparison.Ordinal), "must be a whole number" },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task Decide_BadProfile_PrintsOneClearLineAndExitsTwo(string kind, string content, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, content);
        try
        {
            var result = await CliRunner.RunAsync("decide", path);

            Assert.True(result.ExitCode == 2, $"{kind}: exit {result.ExitCode}, stderr {result.Stderr}");
            var lines = result.Stderr.TrimEnd().Split('\n');
            Assert.Single(lines);
            Assert.StartsWith("error: ", lines[0]);
            Assert.Contains(path, lines[0]);
            Assert.Contains(expected, lines[0]);
            Assert.DoesNotContain("   at ", result.Stderr);
            Assert.Equal(string.Empty, result.Stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Decide_MissingFile_ExitsTwoNamingIt()
    {
        var result = await CliRunner.RunAsync("decide", "/nonexistent/profile.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/profile.yaml: does not exist", result.Stderr);
    }

    [Fact]
    public async Task Decide_ErrorCarriesTheLineNumber()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "stage: production\ntraffic:\n  requestsPerMonth: -1\n");
        try
        {
            var result = await CliRunner.RunAsync("decide", path);

            Assert.Contains($"{path}:3: traffic.requestsPerMonth", result.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Decide_UnknownFormat_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("decide", CliRunner.RepoPath("examples", "scenarios", "support-tone.yaml"), "--format", "xml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("xml", result.Stderr);
    }
}
