using System.ClientModel;
using Crossover.Routing;
using Microsoft.Extensions.AI;
using OpenAI;

// Usage: dotnet run --project examples/cascade-middleware -- cascade.json "My card was charged twice."
// The plan comes from 'crossover cascade RUN --export cascade.json'. Every stage is called on the OpenAI-compatible
// endpoint in OPENAI_BASE_URL (default https://api.openai.com/v1) with the key in OPENAI_API_KEY (any text for a
// local server such as Ollama, vLLM or llama.cpp), using the model id the plan recorded for it.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: CascadeMiddleware PLAN.json \"request text\" [system instructions]");
    return 2;
}

CascadePlan plan;
try
{
    plan = CascadePlan.Load(args[0]);
}
catch (Exception ex) when (ex is InvalidDataException or IOException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

var endpoint = new Uri(Environment.GetEnvironmentVariable("OPENAI_BASE_URL") ?? "https://api.openai.com/v1");
var key = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "not-needed-for-a-local-server";
var openai = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = endpoint });
IChatClient Stage(CascadePlanStage stage) => new OpenAiLogProbabilities(openai.GetChatClient(stage.Model).AsIChatClient());

// The pipeline's own client is the last (strongest) stage; UseCascade puts the cheaper ones in front of it.
using var client = new ChatClientBuilder(Stage(plan.Stages[^1]))
    .UseCascade(plan, [.. plan.Stages.SkipLast(1).Select(Stage)])
    .Build();

List<ChatMessage> messages = [new(ChatRole.User, args[1])];
if (args.Length > 2)
{
    messages.Insert(0, new(ChatRole.System, args[2]));
}

var response = await client.GetResponseAsync(messages, new ChatOptions { Temperature = 0 });
Console.WriteLine(response.Text);
Console.Error.WriteLine(
    $"answered by {response.AdditionalProperties?[CascadeMetadata.Stage]} after {response.AdditionalProperties?[CascadeMetadata.Calls]} call(s); " +
    $"tokens in/out: {response.Usage?.InputTokenCount}/{response.Usage?.OutputTokenCount} (all stages)");
return 0;
