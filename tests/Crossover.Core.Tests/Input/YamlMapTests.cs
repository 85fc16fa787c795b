using Crossover.Core.Input;

namespace Crossover.Core.Tests;

public sealed class YamlMapTests
{
    [Fact]
    public void UnknownKey_IsRejectedWithLineAndSuggestion()
    {
        var map = YamlMap.Parse("stage: production\nvolum: 3\n", "p.yaml");
        map.String("stage");
        map.Number("volume");

        var error = Assert.Throws<InputException>(map.EnsureNoUnknownKeys);

        Assert.Equal(2, error.Line);
        Assert.Equal("volum", error.Field);
        Assert.Contains("did you mean 'volume'", error.Message);
    }

    [Fact]
    public void Range_ReadsLowLikelyHigh_AndRejectsDisorder()
    {
        var map = YamlMap.Parse("a: { low: 1, likely: 2, high: 3 }\nb: { low: 5, high: 1 }\nc: 7\n", "p.yaml");

        Assert.Equal(new Estimate(1, 2, 3), map.Estimate("a"));
        Assert.Equal(Estimate.Exactly(7), map.Estimate("c"));
        var error = Assert.Throws<InputException>(() => map.Estimate("b"));
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void QuotedNumber_IsAWrongType()
    {
        var map = YamlMap.Parse("n: \"12\"\n", "p.yaml");

        var error = Assert.Throws<InputException>(() => map.Number("n"));

        Assert.Contains("must be a number", error.Message);
    }

    [Fact]
    public void Json_IsAcceptedWithLines()
    {
        var map = YamlMap.Parse("{\n  \"x\": 1,\n  \"y\": -1\n}", "p.json");

        var error = Assert.Throws<InputException>(() => map.Number("y", min: 0));

        Assert.Equal(3, error.Line);
        Assert.Contains("at least 0", error.Message);
    }

    [Fact]
    public void MalformedYaml_ReportsLine()
    {
        var error = Assert.Throws<InputException>(() => YamlMap.Parse("a: [1, 2\nb: 3\n", "p.yaml"));

        Assert.Equal("p.yaml", error.File);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void SecondDocument_IsRejectedAtItsLine()
    {
        var error = Assert.Throws<InputException>(() => YamlMap.Parse("stage: production\n---\nstage: prototype\n", "p.yaml"));

        Assert.Equal(3, error.Line);
        Assert.Contains("more than one YAML document", error.Message);
    }

    [Theory]
    [InlineData("name: \"a\\tb\"")]
    [InlineData("name: \"line\\nbreak\"")]
    [InlineData("name: |\n  two\n  lines\n")]
    public void RequiredName_WithControlCharacters_IsRejected(string yaml)
    {
        var map = YamlMap.Parse(yaml, "e.yaml");

        var error = Assert.Throws<InputException>(() => map.RequiredName("name"));

        Assert.Contains("control characters", error.Message);
    }
}
