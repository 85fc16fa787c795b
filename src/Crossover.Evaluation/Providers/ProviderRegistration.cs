using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Tokens;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// One provider in the <see cref="ProviderRegistry"/>: how to make a model's chat client and, where the provider has
/// them, its embeddings generator and its own token counter, the temperatures it accepts, and whether its answers may be cached.
/// </summary>
/// <param name="Name">The name experiments use in <c>model.provider</c>.</param>
/// <param name="CreateChat">Creates the bare chat client for a model.</param>
public sealed record ProviderRegistration(string Name, Func<ModelSpec, IChatClient> CreateChat)
{
    /// <summary>Creates the model's own token counter; OpenAI's encodings are used when null.</summary>
    public Func<ModelSpec, TokenCounter>? CreateTokenCounter { get; init; }

    /// <summary>Creates an embeddings generator for a model; null when the provider has no embeddings here.</summary>
    public Func<ModelSpec, IEmbeddingGenerator<string, Embedding<float>>>? CreateEmbeddings { get; init; }

    /// <summary>The highest sampling temperature the provider accepts (Anthropic's Messages API: 1; OpenAI's: 2).</summary>
    public double MaxTemperature { get; init; } = 2;

    /// <summary>
    /// Whether the response cache may answer for this provider; false for one whose answer depends on more than the
    /// prompt (recorded outputs are keyed by item id).
    /// </summary>
    public bool Cacheable { get; init; } = true;
}
