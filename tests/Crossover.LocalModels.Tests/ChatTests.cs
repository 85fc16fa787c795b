using Crossover.Core.Input;
using Microsoft.Extensions.AI;

namespace Crossover.LocalModels.Tests;

public sealed class ChatTests
{
    [Fact]
    public void Templates_RecogniseFamilies_AndRenderChatMl()
    {
        var chatMl = ChatTemplate.Recognise("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}", null, "<|im_end|>");
        var llama3 = ChatTemplate.Recognise("{{ '<|start_header_id|>' + m.role + '<|end_header_id|>\n\n' }}", "<|begin_of_text|>", "<|eot_id|>");
        var mistral = ChatTemplate.Recognise("{{ bos_token }}{% for m in messages %}[INST] {{ m.content }} [/INST]{% endfor %}", "<s>", "</s>");

        Assert.Equal(ChatTemplateFamily.ChatMl, chatMl.Family);
        Assert.Equal("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", chatMl.Render([("user", "hi")]));
        Assert.Equal("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", llama3.Render([("user", "hi")]));
        Assert.Equal("<s>[INST] be brief\n\nhi [/INST] ok</s>[INST] more [/INST]", mistral.Render([("system", "be brief"), ("user", "hi"), ("assistant", "ok"), ("user", "more")]));
    }

    [Fact]
    public void UnknownTemplate_FailsClearly()
    {
        var error = Assert.Throws<InputException>(() => ChatTemplate.Recognise("{{ '### Human: ' + m.content }}", null, null, "tokenizer_config.json"));
        Assert.Contains("unsupported chat_template", error.Message);
    }

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
