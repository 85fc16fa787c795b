using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Scoring;
using Crossover.Evaluation.Strategies;

namespace Crossover.Evaluation.Tests.Scoring;

public sealed class ScorerTests
{
    private static readonly TaskSpec Classify = new(TaskKind.Classification, "Route.", "{{text}}", ["billing", "bug", "account", "other"], null, null, null);
    private const string Schema = """{"type":"object","properties":{"order":{"type":"string"},"amount":{"type":"number"}},"required":["order","amount"],"additionalProperties":false}""";
    private static readonly TaskSpec Extract = new(TaskKind.Extraction, "Extract.", "{{text}}", [], Schema, null, null);

    [Theory]
    [InlineData(StrategyNames.ZeroShot, "billing", "billing", true, 1)]
    [InlineData(StrategyNames.ZeroShot, " Billing. ", "billing", true, 1)]
    [InlineData(StrategyNames.ZeroShot, "This is a billing question.", "billing", false, 1)]
    [InlineData(StrategyNames.ZeroShot, "billing or bug", "billing", false, 0)]
    [InlineData(StrategyNames.ChainOfThought, "The user was charged twice.\nAnswer: billing", "billing", true, 1)]
    [InlineData(StrategyNames.ChainOfThought, "It is about a bug", "bug", false, 1)]
    [InlineData(StrategyNames.Structured, """{"answer":"account"}""", "account", true, 1)]
    [InlineData(StrategyNames.Structured, "account", "account", false, 1)]
    public void Classification_ParsesTheLabelAndJudgesTheFormat(string strategy, string output, string expected, bool compliant, double accuracy)
    {
        var result = new Scorer(Classify, PromptStrategies.Default.Find(strategy)!, ["accuracy"]).Score(output, expected);

        Assert.Equal(compliant, result.Compliant);
        Assert.Equal(accuracy, result.Scores["accuracy"]);
    }

    [Fact]
    public void Extraction_ScoresFieldsAndSchema()
    {
        var scorer = new Scorer(Extract, PromptStrategies.ZeroShot, ["field-f1"]);

        var perfect = scorer.Score("```json\n{\"order\":\"A-17\",\"amount\":12.5}\n```", """{"order":"a-17","amount":12.5}""");
        var half = scorer.Score("""{"order":"A-17","amount":99}""", """{"order":"A-17","amount":12.5}""");
        var invalid = scorer.Score("""{"order":"A-17"}""", """{"order":"A-17","amount":12.5}""");
        var broken = scorer.Score("order A-17", """{"order":"A-17","amount":12.5}""");

        Assert.Equal(1, perfect.Scores["field-f1"]);
        Assert.True(perfect.Compliant);
        Assert.Equal(0.5, half.Scores["field-f1"]);
        Assert.Equal(1, invalid.Scores["field-precision"]);
        Assert.Equal(0.5, invalid.Scores["field-recall"]);
        Assert.Equal(0, invalid.Scores["schema-validity"]);
        Assert.Equal("$.amount is required", invalid.Diagnostic);
        Assert.False(broken.Compliant);
        Assert.Equal(0, broken.Scores["field-f1"]);
    }

    [Fact]
    public void TextMetrics_MatchHandComputedValues()
    {
        Assert.Equal(1, TextMetrics.TokenF1("The cat sat.", "the cat sat"));
        Assert.Equal(2 * (2 / 3.0) * (2 / 4.0) / ((2 / 3.0) + (2 / 4.0)), TextMetrics.TokenF1("cat sat down", "the cat sat up"), 9);
        Assert.Equal(1, TextMetrics.ChrF("same text", "same text"), 9);
        Assert.Equal(0, TextMetrics.ChrF("xyz", "abc"), 9);
        Assert.InRange(TextMetrics.ChrF("refund issued", "refund was issued"), 0.5, 0.99);
    }

    [Fact]
    public void RegexAndContains_CheckTheRawOutput()
    {
        var task = Classify with { Regex = "^[a-z]+$", Contains = "bill" };

        var scores = new Scorer(task, PromptStrategies.ZeroShot, ["regex", "contains"]).Score("billing", "billing").Scores;

        Assert.Equal(1, scores["regex"]);
        Assert.Equal(1, scores["contains"]);
    }
}
