using Microsoft.ML.Tokenizers;

namespace Crossover.Evaluation.Tokens;

/// <summary>Counts tokens with a real tokenizer: o200k_base for the GPT-4o/4.1/5 and o-series families, cl100k_base for GPT-4 and GPT-3.5.</summary>
public sealed class TokenCounter
{
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly Lazy<Tokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));
    private readonly Func<string, int> _count;

    /// <summary>Wraps any Microsoft.ML.Tokenizers tokenizer.</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <param name="encoding">Its name, shown in output.</param>
    public TokenCounter(Tokenizer tokenizer, string encoding)
        : this(text => tokenizer.CountTokens(text), encoding)
    {
    }

    /// <summary>Wraps any counting function (a local model registers its own tokenizer this way).</summary>
    /// <param name="count">Counts the tokens of a text.</param>
    /// <param name="encoding">Its name, shown in output.</param>
    public TokenCounter(Func<string, int> count, string encoding)
    {
        _count = count;
        Encoding = encoding;
    }

    /// <summary>The encoding's name.</summary>
    public string Encoding { get; }

    /// <summary>The counter for a hosted model id. Models outside OpenAI's families (Claude, Llama via Ollama) are counted with o200k_base as an approximation; docs/experiment.md says so.</summary>
    /// <param name="modelId">The model id (a <c>ft:BASE:…</c> id counts as its base).</param>
    /// <returns>The counter.</returns>
    public static TokenCounter ForModel(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var id = modelId.StartsWith("ft:", StringComparison.OrdinalIgnoreCase) ? modelId.Split(':')[1] : modelId;
        var lower = id.ToLowerInvariant();
        var cl100k = lower.StartsWith("gpt-4", StringComparison.Ordinal) && !lower.StartsWith("gpt-4o", StringComparison.Ordinal) && !lower.StartsWith("gpt-4.", StringComparison.Ordinal)
            || lower.StartsWith("gpt-3.5", StringComparison.Ordinal);
        return cl100k ? new TokenCounter(Cl100k.Value, "cl100k_base") : new TokenCounter(O200k.Value, "o200k_base");
    }

    /// <summary>Counts the tokens of a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The count.</returns>
    public int Count(string text) => string.IsNullOrEmpty(text) ? 0 : _count(text);
}
