using Microsoft.Extensions.AI;

namespace Crossover.Routing.Tests;

public sealed class CascadeChatClientTests
{
    private static readonly string[] Labels = ["billing", "bug"];

    private static ScriptedChatClient Strong() => new((_, _) => ("bug", null), inputTokens: 100, outputTokens: 5);

    [Fact]
    public async Task ConfidenceGate_SureAnswerStaysOnTheCheapStage_UnsureOneIsEscalated()
    {
        // ln 0.9 per token → confidence 0.9; ln 0.5 → 0.5. Threshold 0.8 accepts the first, escalates the second.
        var cheap = new ScriptedChatClient((text, _) => text == "sure" ? ("billing", [Math.Log(0.9), Math.Log(0.9)]) : ("billing", [Math.Log(0.5)]));
        var strong = Strong();
        var cascade = new ChatClientBuilder(strong)
            .UseCascade(new CascadeChatClientOptions { Gate = CascadeGate.Confidence, Threshold = 0.8, Labels = Labels }, "strong", new CascadeStage("cheap", cheap))
            .Build();

        var sure = await cascade.GetResponseAsync("sure");
        var unsure = await cascade.GetResponseAsync("unsure");

        Assert.Equal(("billing", "cheap", 0), (sure.Text, (string)sure.AdditionalProperties![CascadeMetadata.Stage]!, (int)sure.AdditionalProperties[CascadeMetadata.StageIndex]!));
        Assert.Equal(("bug", "strong", 1), (unsure.Text, (string)unsure.AdditionalProperties![CascadeMetadata.Stage]!, (int)unsure.AdditionalProperties[CascadeMetadata.StageIndex]!));

        // The escalated request paid for both calls: 10 + 100 input, 1 + 5 output.
        Assert.Equal((10L, 1L), (sure.Usage!.InputTokenCount!.Value, sure.Usage.OutputTokenCount!.Value));
        Assert.Equal((110L, 6L, 116L), (unsure.Usage!.InputTokenCount!.Value, unsure.Usage.OutputTokenCount!.Value, unsure.Usage.TotalTokenCount!.Value));
        Assert.Equal(2, (int)unsure.AdditionalProperties[CascadeMetadata.Calls]!);
    }

    [Fact]
    public async Task ConfidenceGate_AsksTheStageForLogProbs_WithoutChangingTheCallersOptions()
    {
        var cheap = new ScriptedChatClient((_, _) => ("billing", [0.0]));
        var cascade = new CascadeChatClient([new("cheap", cheap), new("strong", Strong())], new CascadeChatClientOptions { Gate = CascadeGate.Confidence, Threshold = 0.5 });
        var options = new ChatOptions { Temperature = 0.25f };

        await cascade.GetResponseAsync("x", options);

        Assert.True(LogProbabilities.Requested(cheap.Calls.Single()));
        Assert.Equal(0.25f, cheap.Calls.Single()!.Temperature);
        Assert.False(LogProbabilities.Requested(options));
    }

    [Fact]
    public async Task ConfidenceGate_NoLogProbsReturned_Escalates()
    {
        var cheap = new ScriptedChatClient((_, _) => ("billing", null));
        var cascade = new CascadeChatClient([new("cheap", cheap), new("strong", Strong())], new CascadeChatClientOptions { Gate = CascadeGate.Confidence, Threshold = 0.01 });

        var response = await cascade.GetResponseAsync("x");

        Assert.Equal("strong", response.AdditionalProperties![CascadeMetadata.Stage]);
    }

    [Theory]
    [InlineData("Billing.", "cheap")]
    [InlineData("billing or bug", "strong")]
    [InlineData("", "strong")]
    public async Task FormatGate_AnswerThatIsNotExactlyOneLabel_IsEscalated(string answer, string expectedStage)
    {
        var cascade = new CascadeChatClient(
            [new("cheap", new ScriptedChatClient((_, _) => (answer, null))), new("strong", Strong())],
            new CascadeChatClientOptions { Labels = Labels });

        var response = await cascade.GetResponseAsync("x");

        Assert.Equal(expectedStage, response.AdditionalProperties![CascadeMetadata.Stage]);
    }

    [Theory]
    [InlineData(0.66, "cheap", "billing")]
    [InlineData(0.67, "strong", "bug")]
    public async Task AgreementGate_TwoOfThreeSamplesAgree_AcceptedOnlyBelowTwoThirds(double threshold, string expectedStage, string expectedText)
    {
        var calls = 0;
        var cheap = new ScriptedChatClient((_, _) => (Interlocked.Increment(ref calls) == 2 ? "bug" : "billing", null));
        var cascade = new CascadeChatClient([new("cheap", cheap), new("strong", Strong())], new CascadeChatClientOptions { Gate = CascadeGate.Agreement, Threshold = threshold, Samples = 3, Labels = Labels });

        var response = await cascade.GetResponseAsync("x");

        Assert.Equal((expectedStage, expectedText), ((string)response.AdditionalProperties![CascadeMetadata.Stage]!, response.Text));
        Assert.Equal(3, cheap.Calls.Count);

        // Every sample is paid for: three cheap calls, plus the strong one when escalated.
        Assert.Equal(expectedStage == "cheap" ? 30 : 130, response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task JudgeGate_JudgeUsageCounts_AndALowScoreEscalates()
    {
        var judge = new CascadeJudge((_, answer, _) => Task.FromResult<(double?, UsageDetails?)>((answer.Text == "billing" ? 1.0 : 0.0, new UsageDetails { InputTokenCount = 50 })));
        var cheap = new ScriptedChatClient((text, _) => (text, null));
        var cascade = new CascadeChatClient([new("cheap", cheap), new("strong", Strong())], new CascadeChatClientOptions { Gate = CascadeGate.Judge, Threshold = 0.5, Judge = judge, Labels = Labels });

        var accepted = await cascade.GetResponseAsync("billing");
        var escalated = await cascade.GetResponseAsync("bug");

        Assert.Equal(("cheap", 60L), ((string)accepted.AdditionalProperties![CascadeMetadata.Stage]!, accepted.Usage!.InputTokenCount!.Value));
        Assert.Equal(("strong", 160L), ((string)escalated.AdditionalProperties![CascadeMetadata.Stage]!, escalated.Usage!.InputTokenCount!.Value));
    }

    [Fact]
    public async Task ThreeStages_EachEscalationMovesOneStageUp()
    {
        var first = new ScriptedChatClient((_, _) => ("not a label", null));
        var second = new ScriptedChatClient((text, _) => (text == "easy" ? "billing" : "neither", null));
        var cascade = new CascadeChatClient([new("a", first), new("b", second), new("c", Strong())], new CascadeChatClientOptions { Labels = Labels });

        Assert.Equal("b", (await cascade.GetResponseAsync("easy")).AdditionalProperties![CascadeMetadata.Stage]);
        Assert.Equal("c", (await cascade.GetResponseAsync("hard")).AdditionalProperties![CascadeMetadata.Stage]);
    }

    [Fact]
    public void Options_GateWithoutWhatItNeeds_FailsWhenBuilt()
    {
        IReadOnlyList<CascadeStage> stages = [new("a", Strong()), new("b", Strong())];
        Assert.Throws<ArgumentException>(() => new CascadeChatClient(stages, new CascadeChatClientOptions { Gate = CascadeGate.Confidence }));
        Assert.Throws<ArgumentException>(() => new CascadeChatClient(stages, new CascadeChatClientOptions { Gate = CascadeGate.Agreement, Threshold = 0.5, Samples = 1 }));
        Assert.Throws<ArgumentException>(() => new CascadeChatClient(stages, new CascadeChatClientOptions { Gate = CascadeGate.Judge, Threshold = 0.5 }));
        Assert.Throws<ArgumentException>(() => new CascadeChatClient([stages[0]], new CascadeChatClientOptions()));
    }
}
