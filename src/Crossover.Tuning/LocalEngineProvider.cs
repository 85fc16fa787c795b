using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Tokens;
using Crossover.LocalModels;

namespace Crossover.Tuning;

/// <summary>
/// Registers the in-process engine as provider <c>local</c> (model id = a Hugging Face folder, <c>adapter</c> = a LoRA
/// folder) in a <see cref="ProviderRegistry"/>. It lives here because this is the library that sees both Evaluation and
/// the local engine; every host (the CLI, the learning curve) registers it with this one call.
/// </summary>
public static class LocalEngineProvider
{
    /// <summary>The provider name experiments use.</summary>
    public const string Name = "local";

    /// <summary>Adds <c>local</c>, loading each (model folder, adapter) once, shared by its candidates' clients and token counters.</summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddLocalEngine(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var loaded = new Dictionary<(string, string?), LocalChatClient>();
        LocalChatClient Load(Evaluation.Experiments.ModelSpec model)
        {
            lock (loaded)
            {
                if (!loaded.TryGetValue((model.Id, model.Adapter), out var client))
                {
                    client = LocalChatClient.Load(model.Id, model.Adapter);
                    loaded[(model.Id, model.Adapter)] = client;
                }

                return client;
            }
        }

        registry.Register(new ProviderRegistration(Name, Load) { CreateTokenCounter = model => Tokens(Load(model).Model) });
        return registry;
    }

    /// <summary>Adds <c>local</c> served by one client already in memory, whatever folder a candidate names (the caller owns the client).</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="client">The loaded model's client.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddLocalEngine(this ProviderRegistry registry, LocalChatClient client)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(client);
        registry.Register(new ProviderRegistration(Name, _ => client) { CreateTokenCounter = _ => Tokens(client.Model) });
        return registry;
    }

    private static TokenCounter Tokens(LocalModel model) =>
        new(text => model.Tokenizer.Encode(text, addSpecialTokens: false).Count, "the model's own");
}
