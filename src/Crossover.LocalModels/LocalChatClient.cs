using System.Runtime.CompilerServices;
using Crossover.Routing;
using Microsoft.Extensions.AI;

namespace Crossover.LocalModels;

/// <summary>
/// Microsoft.Extensions.AI <see cref="IChatClient"/> over a local model (optionally with a LoRA adapter), so evaluation
/// treats a local candidate like any provider. Honours Temperature, TopP, TopK, MaxOutputTokens, StopSequences and
/// Seed; reports input and output token counts, and the answer's token log-probabilities when the options ask for them
/// (<see cref="LogProbabilities"/>), so a cascade's confidence gate works on a local cheap model. Concurrent calls are served by continuous batching: they are decoded
/// together, up to <see cref="DefaultMaxBatch"/> sequences per forward pass, joining and leaving between steps.
/// </summary>
public sealed class LocalChatClient : IChatClient
{
    /// <summary>The most concurrent calls decoded together unless the constructor says otherwise.</summary>
    public const int DefaultMaxBatch = 16;

    private readonly ContinuousBatcher _batcher;
    private readonly bool _ownsModel;

    /// <summary>Wraps an already loaded model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="ownsModel">Dispose the model with the client.</param>
    /// <param name="maxBatch">The most concurrent calls decoded together (1 = one call at a time).</param>
    public LocalChatClient(LocalModel model, bool ownsModel = false, int maxBatch = DefaultMaxBatch)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _ownsModel = ownsModel;
        _batcher = new ContinuousBatcher(model, maxBatch);
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

    /// <summary>Loads a model folder into a client that owns it and decodes at most <paramref name="maxBatch"/> calls together.</summary>
    /// <param name="modelDirectory">A Hugging Face Llama/Mistral/Qwen2 folder.</param>
    /// <param name="adapterDirectory">A PEFT LoRA adapter folder, or null.</param>
    /// <param name="maxBatch">The most concurrent calls decoded together (1 = one call at a time).</param>
    /// <returns>The client.</returns>
    /// <exception cref="Core.Input.InputException">The folders cannot be loaded.</exception>
    public static LocalChatClient Load(string modelDirectory, string? adapterDirectory, int maxBatch) =>
        new(LocalModel.Load(modelDirectory, adapterDirectory), ownsModel: true, maxBatch);

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
            LogProbs = LogProbabilities.Requested(options),
        };
        var result = await _batcher.GenerateAsync(prompt, generation, cancellationToken).ConfigureAwait(false);

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
            AdditionalProperties = result.LogProbs is { Count: > 0 } logProbs ? new() { [LogProbabilities.Key] = logProbs.ToArray() } : null,
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
        _batcher.Dispose();
        if (_ownsModel)
        {
            Model.Dispose();
        }
    }
}
