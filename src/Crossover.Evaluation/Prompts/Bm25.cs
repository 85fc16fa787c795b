namespace Crossover.Evaluation.Prompts;

/// <summary>
/// Okapi BM25 (k1 = 1.2, b = 0.75; Robertson &amp; Zaragoza 2009) over the train split, for picking the
/// demonstrations most similar to an input. Small and dependency-free: no library in our package set ranks text.
/// </summary>
internal sealed class Bm25
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly List<Dictionary<string, int>> _documents = [];
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly double _averageLength;

    public Bm25(IEnumerable<string> documents)
    {
        var total = 0;
        foreach (var text in documents)
        {
            var terms = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var token in TextNormalizer.Tokens(text))
            {
                terms[token] = terms.GetValueOrDefault(token) + 1;
                total++;
            }

            foreach (var term in terms.Keys)
            {
                _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
            }

            _documents.Add(terms);
        }

        _averageLength = _documents.Count == 0 ? 1 : Math.Max(1, total / (double)_documents.Count);
    }

    /// <summary>Indices of the <paramref name="count"/> best-scoring documents, best first; ties keep document order.</summary>
    public IReadOnlyList<int> Top(string query, int count)
    {
        var terms = TextNormalizer.Tokens(query).Distinct(StringComparer.Ordinal).ToList();
        var n = _documents.Count;
        var scores = new double[n];
        for (var d = 0; d < n; d++)
        {
            var document = _documents[d];
            var length = document.Values.Sum();
            foreach (var term in terms)
            {
                if (!document.TryGetValue(term, out var frequency))
                {
                    continue;
                }

                var df = _documentFrequency[term];
                var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
                scores[d] += idf * frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * length / _averageLength))));
            }
        }

        return [.. Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(count)];
    }
}
