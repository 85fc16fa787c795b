using Crossover.Evaluation.Prompts;

namespace Crossover.Evaluation.Scoring;

/// <summary>Text overlap metrics for generation tasks.</summary>
internal static class TextMetrics
{
    /// <summary>Token-level F1 over normalized words (SQuAD v1.1 evaluation script, Rajpurkar et al. 2016).</summary>
    public static double TokenF1(string prediction, string reference)
    {
        var predicted = TextNormalizer.Tokens(prediction).ToList();
        var truth = TextNormalizer.Tokens(reference).ToList();
        if (predicted.Count == 0 || truth.Count == 0)
        {
            return predicted.Count == truth.Count ? 1 : 0;
        }

        var counts = truth.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var common = 0;
        foreach (var token in predicted)
        {
            if (counts.TryGetValue(token, out var left) && left > 0)
            {
                counts[token] = left - 1;
                common++;
            }
        }

        if (common == 0)
        {
            return 0;
        }

        var precision = common / (double)predicted.Count;
        var recall = common / (double)truth.Count;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>chrF (Popović 2015): character n-gram F-score, n = 1..6 averaged, β = 2, whitespace removed as in sacreBLEU.</summary>
    public static double ChrF(string prediction, string reference, int maxOrder = 6, double beta = 2)
    {
        var hypothesis = new string([.. prediction.Where(c => !char.IsWhiteSpace(c))]);
        var truth = new string([.. reference.Where(c => !char.IsWhiteSpace(c))]);
        if (hypothesis.Length == 0 || truth.Length == 0)
        {
            return hypothesis.Length == truth.Length ? 1 : 0;
        }

        double precisionSum = 0, recallSum = 0;
        var orders = 0;
        for (var n = 1; n <= maxOrder; n++)
        {
            var h = NGrams(hypothesis, n);
            var r = NGrams(truth, n);
            var hTotal = h.Values.Sum();
            var rTotal = r.Values.Sum();
            if (hTotal == 0 || rTotal == 0)
            {
                continue;
            }

            var overlap = h.Sum(kv => Math.Min(kv.Value, r.GetValueOrDefault(kv.Key)));
            precisionSum += overlap / (double)hTotal;
            recallSum += overlap / (double)rTotal;
            orders++;
        }

        if (orders == 0)
        {
            return 0;
        }

        var p = precisionSum / orders;
        var recall = recallSum / orders;
        var b2 = beta * beta;
        return p + recall == 0 ? 0 : (1 + b2) * p * recall / ((b2 * p) + recall);
    }

    private static Dictionary<string, int> NGrams(string text, int n)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= text.Length; i++)
        {
            var gram = text.Substring(i, n);
            result[gram] = result.GetValueOrDefault(gram) + 1;
        }

        return result;
    }
}
