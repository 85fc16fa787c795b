namespace Crossover.Evaluation.Experiments;

/// <summary>Shares of the data per split (they sum to 1) and the shuffle seed.</summary>
/// <param name="Train">Share for few-shot demonstrations and fine-tuning.</param>
/// <param name="Dev">Share held for tuning prompts.</param>
/// <param name="Test">Share scored.</param>
/// <param name="Seed">The shuffle seed.</param>
public sealed record SplitSpec(double Train, double Dev, double Test, int Seed);
