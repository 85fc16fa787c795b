using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Crossover.LocalModels;

/// <summary>
/// Microsoft.Extensions.AI <see cref="IChatClient"/> over a local model (optionally with a LoRA adapter), so evaluation
/// treats a local candidate like any provider. Honours Temperature, TopP, TopK, MaxOutputTokens, StopSequences and
/// Seed; reports input and output token counts. Calls are serialised: one model, one generation at a time.
/// </summary>
public sealed class LocalChatClient : IChatClient
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _ownsModel;

    /// <summary>Wraps an already loaded model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="ownsModel">Dispose the model with the client.</param>
    public LocalChatClient(LocalModel model, bool ownsModel = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _ownsModel = ownsModel;
        Metadata = new ChatClientMetadata("local", null, model.Name);
    }

    /// <summary>The model behind the client.</summary>
    public LocalModel Model { get; }

    /// <summary>Provider "local", model id = the model folder's name.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <summary>Loads a model folder (and an adapter folder on top, when given) into a client that owns it.</summary>
    /// <param name="modelDirectory">A Hugging Face Llama/Mistral/Qwen2 folder.</param>
    /// <param name="adapterDirectory">A PEFT LoRA adapter folder, or null.</param>
    /// <returns>The client.</returns>
    /// <exception cref="Core.Input.InputException">The folders cannot be loaded.</exception>
    public static LocalChatClient Load(string modelDirectory, string? adapterDirectory = null) =>
        new(LocalModel.Load(modelDirectory, adapterDirectory), ownsModel: true);

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var conversation = messages.Select(m => (m.Role.Value, m.Text)).ToList();
        var prompt = Model.EncodeChat(conversation);
        var generation = new GenerationOptions
        {
            MaxNewTokens = options?.MaxOutputTokens ?? 256,
            Temperature = options?.Temperature ?? 0,
            TopP = options?.TopP ?? 1,
            TopK = options?.TopK ?? 0,
            Seed = (int)(options?.Seed ?? 0),
            StopTokenIds = Model.EndOfAnswerIds,
            StopStrings = options?.StopSequences?.ToList() ?? [],
        };
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        GenerationResult result;
        try
        {
            result = await Task.Run(() => Model.Generate([prompt], generation, cancellationToken)[0], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, result.Text))
        {
            ModelId = Model.Name,
            FinishReason = result.FinishReason == "stop" ? ChatFinishReason.Stop : ChatFinishReason.Length,
            Usage = new UsageDetails
            {
                InputTokenCount = result.PromptTokens,
                OutputTokenCount = result.TokenIds.Count,
                TotalTokenCount = result.PromptTokens + result.TokenIds.Count,
            },
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(Model) ? Model
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.Dispose();
        if (_ownsModel)
        {
            Model.Dispose();
        }
    }
}
