using System.Text.Json;

namespace Crossover.Cli.Tests;

public sealed class DecideCommandTests
{
    [Fact]
    public async Task Decide_Json_HasTheDocumentedShape()
    {
        var result = await CliRunner.RunAsync("decide", CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml"), "--format", "json", "--draws", "2000");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal("fine-tuning", root.GetProperty("recommendation").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("hybridPattern").ValueKind);
        Assert.False(root.GetProperty("retrieval").GetBoolean());
        Assert.InRange(root.GetProperty("confidence").GetDouble(), 0, 1);
        var criterion = root.GetProperty("criteria")[0];
        foreach (var field in new[] { "id", "favors", "weight", "explanation", "source" })
        {
            Assert.True(criterion.TryGetProperty(field, out _), field);
        }

        var economics = root.GetProperty("economics");
        Assert.Equal(12, economics.GetProperty("horizonMonths").GetInt32());
        var options = economics.GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(["prompt-engineering", "fine-tuning"], options.Select(o => o.GetProperty("approach").GetString()));
        Assert.All(options, o => Assert.True(o.GetProperty("costPerRequestUsd").GetDouble() > 0 && o.GetProperty("totalUsd").GetDouble() > 0 && o.TryGetProperty("upfrontUsd", out _)));
        Assert.Equal(JsonValueKind.Number, economics.GetProperty("breakEvenRequestsPerMonth").ValueKind);
        Assert.Equal(JsonValueKind.Number, economics.GetProperty("breakEvenMonth").ValueKind);
        Assert.Equal(2000, root.GetProperty("uncertainty").GetProperty("monteCarlo").GetProperty("draws").GetInt32());
        Assert.Equal("fine-tune", root.GetProperty("recommendedOption").GetString());
        var kinds = root.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["prompt", "fine-tune", "fine-tune-plus-prompt", "cascade", "distillation"], kinds);
        var tuned = root.GetProperty("options")[1];
        Assert.InRange(tuned.GetProperty("feasibilityProbability").GetDouble(), 0.6, 1);
        Assert.Equal("assumed", tuned.GetProperty("checks")[0].GetProperty("basis").GetString());
        Assert.True(root.GetProperty("valueOfInformation").GetArrayLength() > 0);
        Assert.Equal("cost", root.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "volume-vs-break-even").GetProperty("entered").GetString());
    }

    [Fact]
    public async Task Decide_Json_WritesNumbersToTenSignificantDigits()
    {
        var result = await CliRunner.RunAsync("decide", CliRunner.RepoPath("examples", "scenarios", "b2b-saas-first-feature.yaml"), "--format", "json", "--draws", "500");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var numbers = new List<string>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Walk(p.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
                case JsonValueKind.Number:
                    numbers.Add(e.GetRawText());
                    break;
            }
        }

        Walk(doc.RootElement);
        Assert.True(numbers.Count > 100);
        Assert.All(numbers, raw =>
        {
            var mantissa = raw.Split('E', 'e')[0].TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
            Assert.True(mantissa.Length <= 10, $"{raw} has more than ten significant digits");
        });
    }

    [Fact]
    public async Task Decide_Table_PrintsAnswerCriteriaAndNextSteps()
    {
        var result = await CliRunner.RunAsync("decide", CliRunner.RepoPath("examples", "scenarios", "support-tone.yaml"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("hybrid (fine-tune-plus-prompt)", result.Stdout);
        Assert.Contains("retrieval advised", result.Stdout);
        Assert.Contains("Style or brand voice (deciding)", result.Stdout);
        Assert.Contains("Next steps", result.Stdout);
        Assert.All(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("warning: ", line));
    }

    [Fact]
    public async Task Decide_TodayFarAfterTheCatalog_WarnsOnStderrAboutAgeAndRetiredModels()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var today = new FixedClock(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));

        var exit = await CrossoverCli.RunAsync(stdout, stderr, ["decide", CliRunner.RepoPath("examples", "scenarios", "support-tone.yaml")], CancellationToken.None, today);

        Assert.Equal(0, exit);
        var warnings = stderr.ToString();
        Assert.Contains("warning: the price catalog is dated 2026-11-29, 92 days before the decision (2027-03-01)", warnings);
        Assert.Contains("warning: gpt-4.1 stopped answering on 2027-01-14, before the decision", warnings);
        Assert.DoesNotContain("fine-tunes of llama-3.1-8b-instruct", warnings);
        Assert.DoesNotContain("warning", stdout.ToString());

        using var jsonOut = new StringWriter();
        await CrossoverCli.RunAsync(jsonOut, new StringWriter(), ["decide", CliRunner.RepoPath("examples", "scenarios", "support-tone.yaml"), "--format", "json"], CancellationToken.None, today);
        using var doc = JsonDocument.Parse(jsonOut.ToString());
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("the price catalog is dated 2026-11-29", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Decide_Markdown_IsATableForPullRequests()
    {
        var result = await CliRunner.RunAsync("decide", CliRunner.RepoPath("examples", "scenarios", "internal-docs-qa.yaml"), "--format", "markdown");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("# Internal docs Q&amp;A: prompt-engineering, retrieval advised", result.Stdout);
        Assert.Contains("| Criterion | Favors | Weight | Entered as | Why | Source |", result.Stdout);
        Assert.Contains("| Prompt (recommended) |", result.Stdout);
        Assert.Contains("| Fine-tune | ", result.Stdout);
        Assert.Contains("ruled out | the facts change daily", result.Stdout);
    }

    [Fact]
    public async Task Decide_JsonProfile_IsAccepted()
    {
        var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{ "stage": "prototype", "prompted": { "model": "gpt-4.1-mini" }, "fineTuned": { "baseModel": "gemini-2.5-flash" } }""");
        try
        {
            var result = await CliRunner.RunAsync("decide", path, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("\"recommendation\": \"prompt-engineering\"", result.Stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public sealed class BenchCommandTests
{
    [Fact]
    public async Task BenchDecide_PrintsTheMonteCarloFigures()
    {
        var result = await CliRunner.RunAsync("bench", "decide", CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml"), "--draws", "1000", "--repeats", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^monte-carlo draws=1000 ranged-inputs=5 repeats=1 median-ms=[\d.]+ .*draws-per-second=\d+", result.Stdout);
    }

    [Fact]
    public async Task BenchDecide_ReportsTheFirstRunAndTheSteadyStateApart()
    {
        var result = await CliRunner.RunAsync("bench", "decide", CliRunner.RepoPath("examples", "scenarios", "customer-service-5m-tickets.yaml"), "--draws", "500", "--repeats", "2", "--max-rounds", "4");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"median-ms=[\d.]+ min-ms=[\d.]+ max-ms=[\d.]+ first-ms=[\d.]+ rounds=[34] settled=(yes|no)", line));
        Assert.StartsWith("decide draws=500 repeats=2 ", lines[1], StringComparison.Ordinal);
    }
}

/// <summary>A clock stopped at one instant, so a test's "today" is fixed.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
