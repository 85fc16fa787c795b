using Crossover.Evaluation.Experiments;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Strategies;

/// <summary>Zero-shot's wording with <c>shots</c> demonstration turns (user input, assistant answer) before the input.</summary>
internal sealed class FewShotStrategy : IPromptStrategy
{
    public string Name => StrategyNames.FewShot;

    public int DefaultShots => 4;

    public bool Reasons => false;

    public IPromptStrategy WithShots(int shots) => shots == 0 ? PromptStrategies.ZeroShot : this;

    public string Instructions(TaskSpec task, string instructions, string? format) => ZeroShotStrategy.AnswerOnly(task, instructions, format);

    public string DemonstrationAnswer(TaskSpec task, string expected) => expected;

    public IReadOnlyList<ChatMessage> Messages(string system, IReadOnlyList<Demonstration> demonstrations, string input) =>
        StrategyText.Turns(system, demonstrations, input);

    public ChatResponseFormat? ResponseFormat(TaskSpec task) => null;

    public ExtractedAnswer ExtractAnswer(TaskSpec task, string output) => ExtractedAnswer.Whole(output);

    public int OutputTokenOverhead(TaskSpec task) => 0;

    public IReadOnlyList<string?> FormatVariants(TaskSpec task) => ZeroShotStrategy.AnswerOnlyFormats(task);
}
