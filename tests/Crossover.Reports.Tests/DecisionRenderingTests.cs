using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Formatting;
using Spectre.Console;

namespace Crossover.Reports.Tests;

/// <summary><c>crossover decide</c>'s table and Markdown come from the report's own sections: the same facts, no charts, no provenance.</summary>
public sealed class DecisionRenderingTests
{
    [Fact]
    public void RenderDecisionMarkdown_OpensWithTheAnswerAndShowsTheDecisionSectionsWithoutCharts()
    {
        var decision = SampleDecisions.CustomerService(withEvidence: true);

        var markdown = ReportRenderer.RenderDecisionMarkdown(decision);

        Assert.StartsWith($"# Customer service: 5M tickets a month: {Format.Answer(decision)}\n\n## The answer\n", markdown, StringComparison.Ordinal);
        foreach (var title in new[] { "Options and feasibility", "What to measure next", "Every criterion", "Economics", "Uncertainty", "Measurements used" })
        {
            Assert.Contains($"\n## {title}\n", markdown, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("![", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Provenance", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderDecisionMarkdown_SectionsMatchTheMarkdownReport()
    {
        var decision = SampleDecisions.CustomerService();

        var summary = ReportRenderer.RenderDecisionMarkdown(decision);
        var report = ReportRenderer.RenderMarkdown(SampleDecisions.Context(decision), "r-").Text;

        // Each table the summary prints is, byte for byte, a table of the full report: one renderer, two documents.
        var tables = summary.Split("\n\n").Where(block => block.StartsWith("| ", StringComparison.Ordinal)).ToList();
        Assert.True(tables.Count >= 5, $"only {tables.Count} tables");
        Assert.All(tables, table => Assert.Contains(table, report, StringComparison.Ordinal));
    }

    [Fact]
    public void WriteDecision_Console_ShowsEveryOptionCriterionAndNextStep()
    {
        var decision = SampleDecisions.CustomerService();
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 4096;

        ReportRenderer.WriteDecision(decision, console);

        var text = output.ToString();
        Assert.StartsWith($"{decision.Profile.Name}: {Format.Answer(decision)}", text, StringComparison.Ordinal);
        Assert.All(decision.Options, o => Assert.Contains(o.Title, text, StringComparison.Ordinal));
        Assert.All(decision.Criteria, c => Assert.Contains(c.Title, text, StringComparison.Ordinal));
        Assert.All(decision.NextSteps, s => Assert.Contains(s, text, StringComparison.Ordinal));
        Assert.Contains(Format.Usd(decision.Economics.Options[0].TotalUsd), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Approach.PromptEngineering, null, false, "prompt-engineering")]
    [InlineData(Approach.FineTuning, null, true, "fine-tuning, retrieval advised")]
    [InlineData(Approach.Hybrid, HybridPattern.Cascade, false, "hybrid (cascade)")]
    public void Answer_NamesTheRecommendationAsJsonDoes(Approach recommendation, HybridPattern? pattern, bool retrieval, string expected)
    {
        var decision = SampleDecisions.CustomerService() with { Recommendation = recommendation, HybridPattern = pattern, TuningMethod = null, Retrieval = retrieval };

        Assert.Equal(expected, Format.Answer(decision));
    }
}
