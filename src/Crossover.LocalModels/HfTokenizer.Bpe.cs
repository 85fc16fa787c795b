using System.Text;

namespace Crossover.LocalModels;

/// <content>The BPE model: characters (or byte fallback, or unk) merged by rank.</content>
public sealed partial class HfTokenizer
{
    /// <summary>Pieces up to this many characters are remembered; longer ones are rare and would fill the cache.</summary>
    private const int CachedPieceLength = 256;

    private int[] EncodePiece(string piece)
    {
        if (piece.Length == 0)
        {
            return [];
        }

        if (_cache.TryGetValue(piece, out var cached))
        {
            return cached;
        }

        if (_ignoreMerges && _vocab.TryGetValue(piece, out var whole))
        {
            return [whole];
        }

        var symbols = new List<int>(piece.Length);
        foreach (var rune in piece.EnumerateRunes())
        {
            if (_vocab.TryGetValue(rune.ToString(), out var id))
            {
                symbols.Add(id);
            }
            else if (_byteFallback && EncodeBytes(rune) is { } bytes)
            {
                symbols.AddRange(bytes);
            }
            else if (_unkId is { } unk)
            {
                if (!(_fuseUnk && symbols.Count > 0 && symbols[^1] == unk))
                {
                    symbols.Add(unk);
                }
            }
        }

        var result = Merge(symbols);
        if (piece.Length <= CachedPieceLength && _cache.Count < 100_000)
        {
            _cache[piece] = result;
        }

        return result;
    }

    /// <summary>
    /// Applies merges lowest rank first, leftmost first among equal ranks, as tokenizers' <c>Word::merge_all</c> does:
    /// the symbols form a linked list and the candidate pairs a priority queue, so a piece of n symbols takes
    /// O(n log n) rather than a rescan per merge (quadratic on one long run of letters).
    /// </summary>
    private int[] Merge(List<int> symbols)
    {
        var n = symbols.Count;
        if (n < 2)
        {
            return [.. symbols];
        }

        var ids = symbols.ToArray();
        var previous = new int[n];
        var next = new int[n];
        var removed = new bool[n];
        var queue = new PriorityQueue<(int Left, int LeftId, int RightId, int Merged), (int Rank, int Position)>();
        for (var i = 0; i < n; i++)
        {
            previous[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            if (i + 1 < n)
            {
                Enqueue(i, ids[i], ids[i + 1]);
            }
        }

        while (queue.TryDequeue(out var pair, out _))
        {
            // A pair queued before one of its symbols took part in another merge is stale.
            var left = pair.Left;
            var right = next[left];
            if (removed[left] || ids[left] != pair.LeftId || right < 0 || ids[right] != pair.RightId)
            {
                continue;
            }

            ids[left] = pair.Merged;
            removed[right] = true;
            next[left] = next[right];
            if (next[right] >= 0)
            {
                previous[next[right]] = left;
            }

            if (previous[left] >= 0)
            {
                Enqueue(previous[left], ids[previous[left]], pair.Merged);
            }

            if (next[left] >= 0)
            {
                Enqueue(left, pair.Merged, ids[next[left]]);
            }
        }

        var result = new List<int>(n);
        for (var i = 0; i >= 0; i = next[i])
        {
            result.Add(ids[i]);
        }

        return [.. result];

        void Enqueue(int left, int leftId, int rightId)
        {
            if (_merges.TryGetValue((leftId, rightId), out var merge))
            {
                queue.Enqueue((left, leftId, rightId, merge.Id), (merge.Rank, left));
            }
        }
    }

    private int[]? EncodeBytes(Rune rune)
    {
        Span<byte> buffer = stackalloc byte[4];
        var count = rune.EncodeToUtf8(buffer);
        var ids = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (!_vocab.TryGetValue($"<0x{buffer[i]:X2}>", out ids[i]))
            {
                return null;
            }
        }

        return ids;
    }
}
