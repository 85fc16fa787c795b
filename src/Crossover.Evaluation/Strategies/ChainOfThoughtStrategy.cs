using Crossover.Evaluation.Experiments;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Strategies;

/// <summary>Asks for reasoning, then a last line <c>Answer: …</c>; the answer is what follows the last <c>Answer:</c>.</summary>
internal sealed class ChainOfThoughtStrategy : IPromptStrategy
{
    /// <summary>The line chain-of-thought answers end with; the answer is read after it.</summary>
    public const string AnswerPrefix = "Answer:";

    // Reasoning the dry run expects before the answer, in tokens.
    private const int ReasoningTokens = 120;

    public string Name => StrategyNames.ChainOfThought;

    public int DefaultShots => 0;

    public bool Reasons => true;

    public IPromptStrategy WithShots(int shots) => this;

    public string Instructions(TaskSpec task, string instructions, string? format)
    {
        var builder = StrategyText.Start(task, instructions);
        if (format is not null)
        {
            return StrategyText.WithFormat(builder, task, format, schema: false);
        }

        return builder.Append("\nThink step by step first. Then give the final answer on the last line as '").Append(AnswerPrefix).Append(" <answer>'.").ToString();
    }

    public string DemonstrationAnswer(TaskSpec task, string expected) => $"{AnswerPrefix} {expected}";

    public IReadOnlyList<ChatMessage> Messages(string system, IReadOnlyList<Demonstration> demonstrations, string input) =>
        StrategyText.Turns(system, demonstrations, input);

    public ChatResponseFormat? ResponseFormat(TaskSpec task) => null;

    public ExtractedAnswer ExtractAnswer(TaskSpec task, string output)
    {
        var text = output.Trim();
        var at = text.LastIndexOf(AnswerPrefix, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return new(text, false, $"no '{AnswerPrefix}' line");
        }

        var rest = text[(at + AnswerPrefix.Length)..].Trim();
        var newline = rest.IndexOf('\n');
        return new(newline >= 0 ? rest[..newline].Trim() : rest, true, null);
    }

    public int OutputTokenOverhead(TaskSpec task) => ReasoningTokens;

    // Its own wording stays: the Answer: line is what the answer is read from.
    public IReadOnlyList<string?> FormatVariants(TaskSpec task) => [null];
}
