using Microsoft.Extensions.AI;

namespace Crossover.LocalModels.Tests;

public sealed class ChatTests
{
    [Fact]
    public async Task ChatClient_ReportsUsage_AndHonoursMaxOutputTokens()
    {
        using var client = LocalChatClient.Load(TinyModel.Write());

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "the cat")], new ChatOptions { MaxOutputTokens = 5, Temperature = 0 });

        Assert.Equal(client.Model.Tokenizer.Encode("the cat").Count, (int)response.Usage!.InputTokenCount!.Value);
        Assert.True(response.Usage.OutputTokenCount <= 5);
        Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
        Assert.Equal(client.Model.Generate("the cat", new GenerationOptions { MaxNewTokens = 5, StopTokenIds = client.Model.EndOfAnswerIds }).Text, response.Text);
    }
}
