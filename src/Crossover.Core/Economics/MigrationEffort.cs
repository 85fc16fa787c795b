namespace Crossover.Core.Economics;

/// <summary>What one migration off a retiring model takes, apart from the successor's prices.</summary>
/// <param name="TrainingTokens">Tokens of one training run on the successor (examples × tokens per example × epochs).</param>
/// <param name="RetuneEngineeringUsd">People's cost of re-tuning and re-validating a fine-tune on the successor.</param>
/// <param name="PromptPortEngineeringUsd">People's cost of moving a prompt to the successor and re-validating it.</param>
public sealed record MigrationEffort(double TrainingTokens, double RetuneEngineeringUsd, double PromptPortEngineeringUsd);
