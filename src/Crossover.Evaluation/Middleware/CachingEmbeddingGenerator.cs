using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// Answers texts already embedded from the run store's response cache and sends only the rest, in one request. Our
/// own rather than MEAI's DistributedCachingEmbeddingGenerator so vectors live in the same SQLite file as the chat cache.
/// </summary>
internal sealed class CachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, IResponseCache cache, string partition)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var vectors = new Embedding<float>?[texts.Count];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (await cache.GetAsync(Key(texts[i]), cancellationToken) is { } hit)
            {
                vectors[i] = new Embedding<float>(MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(hit)).ToArray());
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            var fresh = await base.GenerateAsync([.. missing.Select(i => texts[i])], options, cancellationToken);
            if (fresh.Count != missing.Count)
            {
                throw new InvalidDataException($"the embeddings endpoint returned {fresh.Count} vectors for {missing.Count} texts");
            }

            for (var j = 0; j < missing.Count; j++)
            {
                vectors[missing[j]] = fresh[j];
                var bytes = MemoryMarshal.AsBytes(fresh[j].Vector.Span).ToArray();
                await cache.SetAsync(Key(texts[missing[j]]), Convert.ToBase64String(bytes), cancellationToken);
            }
        }

        return [.. vectors.Select(v => v!)];
    }

    private string Key(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"embeddings\n{partition}\n{text}")));
}
