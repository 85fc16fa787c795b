using Crossover.Core.Input;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

public sealed class ProfileReaderTests
{
    [Fact]
    public void Parse_OptionFields_AreRead()
    {
        var profile = ProfileReader.Parse("""
            quality: { bar: 0.9, prompting: { quality: 0.91, items: 200 }, fineTuned: { quality: 0.8, items: 50 } }
            cascade: { strongShare: { low: 0.1, likely: 0.2, high: 0.3 }, cheapTier: fine-tuned, cheapModel: gpt-4.1-mini, gateUsdPerRequest: 0.0002, engineeringUsd: 8000 }
            distillation: { labeler: people, examples: 1500, checkShare: 0.2 }
            leadTimeMonths: { prompt: 0.2, fineTune: 2, fineTunePlusPrompt: 2.5, cascade: 1, distillation: 3 }
            decision: { feasibilityThreshold: 0.8, valuePerMonthUsd: 20000 }
            fineTuned: { retrainUsd: 400 }
            """, "options.yaml");

        Assert.Equal(200, profile.Quality.PromptingItems);
        Assert.Equal(50, profile.Quality.FineTunedItems);
        Assert.Equal(new Estimate(0.1, 0.2, 0.3), profile.Cascade.StrongShare);
        Assert.Equal(CascadeTier.FineTuned, profile.Cascade.CheapTier);
        Assert.Equal("gpt-4.1-mini", profile.Cascade.CheapModel);
        Assert.Equal(Labeler.People, profile.Distillation.Labeler);
        Assert.Equal(1500, profile.Distillation.Examples!.Value.Likely);
        Assert.Equal(2.5, profile.LeadTimeMonths.FineTunePlusPrompt.Likely);
        Assert.Equal(0.8, profile.Decision.FeasibilityThreshold);
        Assert.Equal(20_000, profile.Decision.ValuePerMonthUsd.Likely);
        Assert.Equal(400, profile.FineTuned.RetrainUsd.Likely);
    }

    [Theory]
    [InlineData("cascade: { strongShare: 1.5 }", "cascade.strongShare")]
    [InlineData("cascade: { routers: 2 }", "cascade.routers")]
    [InlineData("decision: { feasibilityThreshold: 1 }", "decision.feasibilityThreshold")]
    [InlineData("distillation: { labeler: robots }", "distillation.labeler")]
    public void Parse_BadOptionField_IsAnErrorNamingIt(string yaml, string field)
    {
        var error = Assert.Throws<InputException>(() => ProfileReader.Parse(yaml, "bad.yaml"));

        Assert.Equal(field, error.Field);
    }
}
