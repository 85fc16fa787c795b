using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Prompts;
using Crossover.Evaluation.Strategies;
using Crossover.LocalModels;

namespace Crossover.Tuning.Data;

/// <summary>
/// The one rule for the prompt a tuned model is trained on: exactly the messages the evaluator sends a candidate whose
/// strategy is <see cref="Strategy"/> (system instructions with the strategy's answer-format line, then the rendered
/// input). <c>tune prepare</c>, <c>tune start</c>, <c>tune export</c>, <c>tune distill</c> and <c>tune curve</c> build
/// their examples here, and the candidate appended for a tuned model uses <see cref="Strategy"/>, so a tuned model is
/// scored on the prompt shape it learned (docs/training-data.md).
/// </summary>
public sealed class TrainingPrompt
{
    private readonly PromptBuilder _builder;

    private TrainingPrompt(PromptBuilder builder) => _builder = builder;

    /// <summary>The strategy of every tuned candidate: zero-shot, the prompt a fine-tuned model is deployed with.</summary>
    public static StrategySpec Strategy { get; } = new(PromptStrategies.ZeroShot, 0, ShotSelection.Random);

    /// <summary>The training prompt of a task.</summary>
    /// <param name="task">The task: instructions, input template, labels or schema.</param>
    /// <returns>The rule, ready to render records.</returns>
    public static TrainingPrompt For(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);

        // Zero-shot draws no demonstrations, so neither the train split nor the seed matters.
        return new TrainingPrompt(new PromptBuilder(task, Strategy, [], seed: 0));
    }

    /// <summary>The prompt messages (system, user) for a record's fields, as the evaluator renders them.</summary>
    /// <param name="fields">The record's fields.</param>
    /// <returns>The messages as (role, content) pairs.</returns>
    public IReadOnlyList<(string Role, string Content)> Messages(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return [.. _builder.Render(new DataItem(string.Empty, fields, string.Empty)).Messages.Select(m => (m.Role.Value, m.Text ?? string.Empty))];
    }

    /// <summary>A training example: the prompt for <paramref name="fields"/> and the answer to learn.</summary>
    /// <param name="line">The record's line in its file (for messages).</param>
    /// <param name="fields">The record's fields.</param>
    /// <param name="answer">The answer (the chosen one for DPO).</param>
    /// <param name="rejected">The dispreferred answer (DPO only).</param>
    /// <returns>The example.</returns>
    public TrainingExample Example(int line, IReadOnlyDictionary<string, string> fields, string answer, string? rejected = null) =>
        new(Messages(fields), answer) { Line = line, Rejected = rejected };
}
