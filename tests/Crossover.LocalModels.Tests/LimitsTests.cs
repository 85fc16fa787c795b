using Crossover.Core.Input;
using Microsoft.Extensions.AI;

namespace Crossover.LocalModels.Tests;

/// <summary>Options that cannot work are refused before any work; generation never runs past the model's context.</summary>
public sealed class LimitsTests
{
    [Theory]
    [InlineData(double.NaN, 0.05, "alpha")]
    [InlineData(double.PositiveInfinity, 0.05, "alpha")]
    [InlineData(0.0, 0.05, "alpha")]
    [InlineData(16.0, double.NaN, "dropout")]
    [InlineData(16.0, double.PositiveInfinity, "dropout")]
    public void LoraConfig_NonNumbersAndOutOfRange_AreRefusedByName(double alpha, double dropout, string field)
    {
        var error = Assert.Throws<InputException>(() => new LoraConfig { Alpha = alpha, Dropout = dropout }.Validate());

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(double.NaN, 1.0, "learning-rate")]
    [InlineData(double.PositiveInfinity, 1.0, "learning-rate")]
    [InlineData(1e-4, double.NaN, "max-grad-norm")]
    [InlineData(1e-4, double.PositiveInfinity, "max-grad-norm")]
    public void TrainingOptions_NonNumbers_AreRefusedByName(double learningRate, double maxGradNorm, string field)
    {
        var error = Assert.Throws<InputException>(() => new TrainingOptions { LearningRate = learningRate, MaxGradNorm = maxGradNorm }.Validate());

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void InfiniteTemperature_IsRefused()
    {
        var error = Assert.Throws<InputException>(() => new GenerationOptions { Temperature = double.PositiveInfinity }.Validate());

        Assert.Equal("temperature", error.Field);
    }

    [Fact]
    public void Generate_StopIdOutsideVocabulary_IsRefused()
    {
        using var model = LocalModel.Load(TinyModel.Write());

        var error = Assert.Throws<InputException>(() => model.Generate("the", new GenerationOptions { StopTokenIds = [TinyModel.Vocab] }));

        Assert.Equal("stop-id", error.Field);
        Assert.Contains($"0 to {TinyModel.Vocab - 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_PastTheContext_IsRefusedWithTheRoomLeft()
    {
        using var model = LocalModel.Load(TinyModel.Write(configure: c => c["max_position_embeddings"] = 16));
        var prompt = model.Tokenizer.Encode("the");

        var error = Assert.Throws<InputException>(() => model.Generate("the", new GenerationOptions { MaxNewTokens = int.MaxValue, StopTokenIds = [] }));
        var fits = model.Generate("the", new GenerationOptions { MaxNewTokens = 16 - prompt.Count, StopTokenIds = [] });

        Assert.Equal("max-tokens", error.Field);
        Assert.Contains($"at most {16 - prompt.Count} new tokens", error.Hint, StringComparison.Ordinal);
        Assert.Equal(16 - prompt.Count, fits.TokenIds.Count);
    }

    [Fact]
    public async Task ChatClient_StopsAtTheContext_WithFinishReasonLength()
    {
        using var client = new LocalChatClient(LocalModel.Load(TinyModel.Write(configure: c =>
        {
            c["max_position_embeddings"] = 20;
            c["eos_token_id"] = new System.Text.Json.Nodes.JsonArray();
        })), ownsModel: true);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "the cat")], new ChatOptions { MaxOutputTokens = 1000, StopSequences = ["\u0001never"] });

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(20, response.Usage!.InputTokenCount + response.Usage.OutputTokenCount);
    }
}
