using Crossover.Evaluation.Experiments;
using Microsoft.Extensions.AI;
using Polly;

namespace Crossover.Evaluation.Middleware;

/// <summary>Retries transient failures of embedding calls with the same <see cref="CallResilience"/> pipeline as chat calls.</summary>
internal sealed class RetryingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, CallPolicy policy, TimeProvider time)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private readonly ResiliencePipeline _pipeline = CallResilience.Retries(policy, time);

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? [.. values];
        return await _pipeline.ExecuteAsync(
            static async (state, token) => await state.Self.InnerGenerateAsync(state.Texts, state.Options, token),
            (Self: this, Texts: texts, Options: options),
            cancellationToken);
    }

    private Task<GeneratedEmbeddings<Embedding<float>>> InnerGenerateAsync(IReadOnlyList<string> texts, EmbeddingGenerationOptions? options, CancellationToken cancellationToken) =>
        base.GenerateAsync(texts, options, cancellationToken);
}

/// <summary>Gives each embedding attempt a deadline, like <see cref="TimeoutChatClient"/>.</summary>
internal sealed class TimeoutEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, TimeSpan timeout, TimeProvider time)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        CallResilience.WithDeadlineAsync(token => base.GenerateAsync(values, options, token), timeout, time, cancellationToken);
}

/// <summary>Adds each answered embedding request's input tokens and cost to a <see cref="UsageMeter"/> (embeddings have no output tokens); impossible usage fails the request.</summary>
internal sealed class MeteringEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, UsageMeter meter, Func<long, double> cost)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var embeddings = await base.GenerateAsync(values, options, cancellationToken);
        if (UsageMeter.Problem(embeddings.Usage) is { } problem)
        {
            throw new InvalidDataException($"the embeddings endpoint reported impossible usage: {problem}");
        }

        var tokens = embeddings.Usage?.InputTokenCount ?? 0;
        meter.Add(tokens, 0, 0, cost(tokens));
        return embeddings;
    }
}
