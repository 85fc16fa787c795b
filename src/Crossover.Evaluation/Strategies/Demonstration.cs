namespace Crossover.Evaluation.Strategies;

/// <summary>One demonstration turn pair as a strategy receives it.</summary>
/// <param name="Input">The train item's rendered input.</param>
/// <param name="Answer">Its answer turn, as <see cref="IPromptStrategy.DemonstrationAnswer"/> wrote it.</param>
public sealed record Demonstration(string Input, string Answer);
