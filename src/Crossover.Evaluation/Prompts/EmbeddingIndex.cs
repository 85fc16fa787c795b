using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Prompts;

/// <summary>
/// The train split's embedding vectors, computed once per run (and cached in the run store across runs), ranked by
/// cosine similarity to an input's vector. A linear scan: train splits are thousands of items, not millions.
/// </summary>
internal sealed class EmbeddingIndex
{
    private const int Batch = 128;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly float[][] _vectors;

    private EmbeddingIndex(IEmbeddingGenerator<string, Embedding<float>> generator, float[][] vectors)
    {
        _generator = generator;
        _vectors = vectors;
    }

    /// <summary>Embeds every document, <see cref="Batch"/> texts per request.</summary>
    public static async Task<EmbeddingIndex> BuildAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> documents, CancellationToken cancellationToken)
    {
        var vectors = new List<float[]>(documents.Count);
        foreach (var chunk in documents.Chunk(Batch))
        {
            var embeddings = await generator.GenerateAsync(chunk, cancellationToken: cancellationToken);
            vectors.AddRange(embeddings.Select(e => Normalize(e.Vector.ToArray())));
        }

        return new EmbeddingIndex(generator, [.. vectors]);
    }

    /// <summary>The positions of the <paramref name="k"/> documents nearest to <paramref name="text"/>, nearest first (ties by position).</summary>
    public async Task<IReadOnlyList<int>> NearestAsync(string text, int k, CancellationToken cancellationToken)
    {
        var query = Normalize((await _generator.GenerateAsync([text], cancellationToken: cancellationToken))[0].Vector.ToArray());
        return [.. Enumerable.Range(0, _vectors.Length)
            .Select(i => (Index: i, Score: Dot(query, _vectors[i])))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Index)
            .Take(k)
            .Select(p => p.Index)];
    }

    private static float[] Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(Dot(vector, vector));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }

    private static float Dot(float[] a, float[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        return System.Numerics.Tensors.TensorPrimitives.Dot(a.AsSpan(0, n), b.AsSpan(0, n));
    }
}
