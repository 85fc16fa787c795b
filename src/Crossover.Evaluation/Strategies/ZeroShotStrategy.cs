using Crossover.Evaluation.Experiments;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Strategies;

/// <summary>
/// Instructions and the input: for classification the label list and "Reply with the label only."; for extraction the
/// output schema. The output is the answer. The prompt a tuned model is trained and evaluated on (Tuning's <c>TrainingPrompt</c>).
/// </summary>
internal sealed class ZeroShotStrategy : IPromptStrategy
{
    public string Name => StrategyNames.ZeroShot;

    public int DefaultShots => 0;

    public bool Reasons => false;

    public IPromptStrategy WithShots(int shots) => shots > 0 ? PromptStrategies.FewShot : this;

    public string Instructions(TaskSpec task, string instructions, string? format) => AnswerOnly(task, instructions, format);

    public string DemonstrationAnswer(TaskSpec task, string expected) => expected;

    public IReadOnlyList<ChatMessage> Messages(string system, IReadOnlyList<Demonstration> demonstrations, string input) =>
        StrategyText.Turns(system, demonstrations, input);

    public ChatResponseFormat? ResponseFormat(TaskSpec task) => null;

    public ExtractedAnswer ExtractAnswer(TaskSpec task, string output) => ExtractedAnswer.Whole(output);

    public int OutputTokenOverhead(TaskSpec task) => 0;

    public IReadOnlyList<string?> FormatVariants(TaskSpec task) => AnswerOnlyFormats(task);

    /// <summary>The system message of a strategy whose output is the answer alone (zero-shot and few-shot).</summary>
    internal static string AnswerOnly(TaskSpec task, string instructions, string? format)
    {
        var builder = StrategyText.Start(task, instructions);
        if (format is not null)
        {
            return StrategyText.WithFormat(builder, task, format, schema: false);
        }

        if (task.Kind == TaskKind.Extraction)
        {
            builder.Append(StrategyText.JsonOnly).Append(task.OutputSchema);
        }
        else if (task.Kind == TaskKind.Classification)
        {
            builder.Append(" Reply with the label only.");
        }

        return builder.ToString();
    }

    /// <summary>The format wordings searched for an answer-only output: a stricter label or JSON sentence.</summary>
    internal static IReadOnlyList<string?> AnswerOnlyFormats(TaskSpec task) => task.Kind switch
    {
        TaskKind.Classification => [null, StrategyText.StrictLabel],
        TaskKind.Extraction => [null, StrategyText.StrictJson],
        _ => [null],
    };
}
