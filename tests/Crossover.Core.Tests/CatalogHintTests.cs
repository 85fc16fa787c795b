using Crossover.Core.Decisions;
using Crossover.Core.Input;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

/// <summary>An id the catalog lacks gets "did you mean" wherever it is named: a profile's models and GPU, <c>catalog show</c>.</summary>
public sealed class CatalogHintTests
{
    private const string Otherwise = "see the ids";

    [Theory]
    [InlineData("claude-sonet-4-5", "claude-sonnet-4-5")]
    [InlineData("GPT-4.1-MINNI", "gpt-4.1-mini")]
    [InlineData("llama-3.1-8b-instuct", "llama-3.1-8b-instruct")]
    public void ModelHint_Typo_SuggestsTheClosestModel(string typo, string expected)
    {
        Assert.Equal($"did you mean '{expected}'?", TestData.Catalog.ModelHint(typo, Otherwise));
    }

    [Fact]
    public void ModelHint_NothingClose_GivesTheFallback()
    {
        Assert.Equal(Otherwise, TestData.Catalog.ModelHint("my-own-model-v7", Otherwise));
    }

    [Fact]
    public void Hints_LookOnlyAmongTheirKind()
    {
        var gpu = TestData.Catalog.Gpus[0].Id;
        var typo = gpu[..^1] + "x";

        Assert.Equal($"did you mean '{gpu}'?", TestData.Catalog.GpuHint(typo, Otherwise));
        Assert.Equal($"did you mean '{gpu}'?", TestData.Catalog.IdHint(typo, Otherwise));
        Assert.DoesNotContain($"'{gpu}'", TestData.Catalog.ModelHint(typo, Otherwise), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prompted: { model: claude-sonet-4-5 }", "prompted.model", "claude-sonnet-4-5")]
    [InlineData("fineTuned: { baseModel: gpt-4.1-mnii }", "fineTuned.baseModel", "gpt-4.1-mini")]
    [InlineData("cascade: { cheapModel: gpt-4.1-nan }", "cascade.cheapModel", "gpt-4.1-nano")]
    public void Decide_ProfileNamesAModelWithATypo_ErrorNamesFileLineFieldAndSuggestsTheId(string yaml, string field, string expected)
    {
        var profile = ProfileReader.Parse("stage: prototype\n" + yaml, "typo.yaml");

        var error = Assert.Throws<InputException>(() => Decider.Decide(profile, TestData.Catalog, new DecideOptions { MonteCarloDraws = 0 }));

        Assert.Equal(("typo.yaml", 2, field), (error.File, error.Line, error.Field));
        Assert.Equal($"did you mean '{expected}'?", error.Hint);
    }
}
