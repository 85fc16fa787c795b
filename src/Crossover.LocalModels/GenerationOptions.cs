namespace Crossover.LocalModels;

/// <summary>How to generate: length, sampling and when to stop. Temperature 0 means greedy.</summary>
public sealed class GenerationOptions
{
    /// <summary>The most new tokens per prompt (default 256).</summary>
    public int MaxNewTokens { get; set; } = 256;

    /// <summary>Sampling temperature; 0 (the default) picks the most likely token (greedy).</summary>
    public double Temperature { get; set; }

    /// <summary>Nucleus sampling: keep the smallest set of tokens whose probability reaches this (1 = off).</summary>
    public double TopP { get; set; } = 1.0;

    /// <summary>Keep only the k most likely tokens (0 = off).</summary>
    public int TopK { get; set; }

    /// <summary>Seed for sampling, so runs repeat (default 0).</summary>
    public int Seed { get; set; }

    /// <summary>Token ids that end a sequence (not included in the output); null uses the model's EOS ids.</summary>
    public IReadOnlyList<int>? StopTokenIds { get; set; }

    /// <summary>Strings that end a sequence; the text is cut before the first one.</summary>
    public IReadOnlyList<string> StopStrings { get; set; } = [];

    /// <summary>Whether the result carries each generated token's natural-log probability under the model (the softmax of its logits, before any temperature), as providers' <c>logprobs</c> do.</summary>
    public bool LogProbs { get; set; }

    /// <summary>Checks the values and throws a user error naming the bad one.</summary>
    /// <exception cref="Core.Input.InputException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxNewTokens < 0)
        {
            throw new Core.Input.InputException($"max tokens must be 0 or more, got {MaxNewTokens}", field: "max-tokens");
        }

        if (!(Temperature >= 0 && double.IsFinite(Temperature)))
        {
            throw new Core.Input.InputException($"temperature must be a number, 0 or more, got {Temperature}", field: "temperature");
        }

        if (TopP is <= 0 or > 1 || double.IsNaN(TopP))
        {
            throw new Core.Input.InputException($"top-p must be in (0, 1], got {TopP}", field: "top-p");
        }

        if (TopK < 0)
        {
            throw new Core.Input.InputException($"top-k must be 0 or more, got {TopK}", field: "top-k");
        }
    }
}

/// <summary>One generated continuation.</summary>
/// <param name="Text">The generated text (special tokens left out, cut before a stop string).</param>
/// <param name="TokenIds">The generated token ids (without the stop token).</param>
/// <param name="PromptTokens">How many tokens the prompt had.</param>
/// <param name="FinishReason"><c>stop</c> (a stop token or string) or <c>length</c> (max tokens reached).</param>
public sealed record GenerationResult(string Text, IReadOnlyList<int> TokenIds, int PromptTokens, string FinishReason)
{
    /// <summary>How long the prompt pass and the decoding steps took, for a <c>LocalModel.Generate</c> call (its whole batch); null when served by a shared batch.</summary>
    public GenerationTiming? Timing { get; init; }

    /// <summary>Each generated token's natural-log probability, when <see cref="GenerationOptions.LogProbs"/> asked for them; null otherwise.</summary>
    public IReadOnlyList<double>? LogProbs { get; init; }
}

/// <summary>Wall time of one generation call.</summary>
/// <param name="PrefillSeconds">The prompt pass (all prompts of the call together).</param>
/// <param name="DecodeSeconds">The decoding steps after it.</param>
/// <param name="PromptTokens">Prompt tokens processed (all prompts).</param>
/// <param name="DecodedTokens">Forward passes per sequence summed over the batch: tokens decoded after the prompt pass.</param>
public sealed record GenerationTiming(double PrefillSeconds, double DecodeSeconds, long PromptTokens, long DecodedTokens)
{
    /// <summary>Prompt tokens per second.</summary>
    public double PrefillTokensPerSecond => PrefillSeconds > 0 ? PromptTokens / PrefillSeconds : 0;

    /// <summary>Decoded tokens per second.</summary>
    public double DecodeTokensPerSecond => DecodeSeconds > 0 ? DecodedTokens / DecodeSeconds : 0;
}
