using Crossover.Evaluation.Experiments;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Strategies;

/// <summary>
/// A prompting strategy (<c>strategy.kind</c> in an experiment): how the system message is worded, how demonstrations
/// answer, which messages are sent, which response format is requested, how the answer is read back from the output,
/// and what the dry run adds to each answer's tokens. Which demonstrations are shown (<c>shots</c>, <c>select</c>) is
/// not the strategy's business: the prompt builder picks them and hands them over. A new strategy is one class added
/// to <see cref="PromptStrategies"/> (docs/architecture.md, "Add a prompt strategy").
/// </summary>
public interface IPromptStrategy
{
    /// <summary>The name experiments use in <c>strategy.kind</c>: kebab-case, unique in a registry.</summary>
    string Name { get; }

    /// <summary>Demonstrations per prompt when the experiment sets no <c>shots</c>.</summary>
    int DefaultShots { get; }

    /// <summary>
    /// Whether the model writes free-form text before its answer: the optimizer then searches fewer demonstrations and
    /// gives each call room to reason rather than a label-sized output cap.
    /// </summary>
    bool Reasons { get; }

    /// <summary>
    /// The strategy a prompt showing <paramref name="shots"/> demonstrations runs as: this one, or its counterpart when
    /// the count is part of what the strategy means (few-shot with none is zero-shot, zero-shot with some is few-shot).
    /// </summary>
    /// <param name="shots">Demonstrations shown.</param>
    /// <returns>The strategy.</returns>
    IPromptStrategy WithShots(int shots);

    /// <summary>The system message.</summary>
    /// <param name="task">The task: kind, labels, output schema.</param>
    /// <param name="instructions">The instructions to start from: a prompt file's, or the task's.</param>
    /// <param name="format">A prompt file's output-format wording that replaces this strategy's format sentence, or null.</param>
    /// <returns>The text.</returns>
    string Instructions(TaskSpec task, string instructions, string? format);

    /// <summary>How a demonstration's answer turn is written, so demonstrations show the format the scorer reads.</summary>
    /// <param name="task">The task.</param>
    /// <param name="expected">The demonstration's reference answer.</param>
    /// <returns>The assistant turn's text.</returns>
    string DemonstrationAnswer(TaskSpec task, string expected);

    /// <summary>The messages sent for one item.</summary>
    /// <param name="system">The system message (<see cref="Instructions"/>).</param>
    /// <param name="demonstrations">The demonstrations picked for this item, in order: rendered input and answer turn.</param>
    /// <param name="input">The item's rendered input.</param>
    /// <returns>The messages, in order.</returns>
    IReadOnlyList<ChatMessage> Messages(string system, IReadOnlyList<Demonstration> demonstrations, string input);

    /// <summary>The response format to request from the provider, or null for plain text.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The format.</returns>
    ChatResponseFormat? ResponseFormat(TaskSpec task);

    /// <summary>Reads the answer part of a model's output. Never throws: an output without the expected shape is non-compliant, with a diagnostic.</summary>
    /// <param name="task">The task.</param>
    /// <param name="output">The model's whole output.</param>
    /// <returns>The answer the task's metrics score.</returns>
    ExtractedAnswer ExtractAnswer(TaskSpec task, string output);

    /// <summary>Output tokens the dry run adds to each reference answer's length for what this strategy makes the model write besides it.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The tokens (0 when the output is the answer alone).</returns>
    int OutputTokenOverhead(TaskSpec task);

    /// <summary>The output-format sentences <c>crossover optimize</c> searches: null (this strategy's default) first, then stricter wordings.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The variants.</returns>
    IReadOnlyList<string?> FormatVariants(TaskSpec task);
}
