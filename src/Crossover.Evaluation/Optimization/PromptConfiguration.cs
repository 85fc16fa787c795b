using System.Security.Cryptography;
using System.Text;

namespace Crossover.Evaluation.Optimization;

/// <summary>One point of the search space: which instructions, which demonstrations in which order, which format wording.</summary>
/// <param name="Instructions">The system instructions.</param>
/// <param name="InstructionSource">Where they came from: <c>yours</c> or <c>proposal N</c>.</param>
/// <param name="Demonstrations">Train item ids shown as demonstrations, in order (empty: zero-shot).</param>
/// <param name="DemonstrationSource">How they were chosen: <c>none</c>, <c>bootstrapped K</c>, <c>label coverage</c>, or <c>yours</c> (the starting strategy's own selection).</param>
/// <param name="Format">The output-format sentence, or null for the strategy's default.</param>
public sealed record PromptConfiguration(string Instructions, string InstructionSource, IReadOnlyList<string> Demonstrations, string DemonstrationSource, string? Format)
{
    /// <summary>Whether this is the starting prompt exactly as the experiment describes it.</summary>
    public bool IsStart { get; init; }

    /// <summary>A short stable hash of what the model is shown, to follow one prompt through the trajectory.</summary>
    public string Hash
    {
        get
        {
            var text = new StringBuilder(Instructions).Append('\u001e').Append(Format).Append('\u001e').AppendJoin('\u001f', Demonstrations).Append('\u001e').Append(IsStart ? DemonstrationSource : string.Empty);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..10];
        }
    }

    /// <summary>One line for the trajectory table.</summary>
    public string Describe() =>
        IsStart ? "your prompt" : $"instructions: {InstructionSource}; demonstrations: {DemonstrationSource}; format: {(Format is null ? "default" : "variant")}";
}
