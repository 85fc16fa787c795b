namespace Crossover.Core.Economics;

/// <summary>A seeded Monte Carlo over every ranged input (triangular distributions).</summary>
/// <param name="Draws">Number of draws.</param>
/// <param name="Seed">The seed, so the figures are reproducible.</param>
/// <param name="ProbabilityPromptCheapest">Share of draws where prompt engineering's horizon total is lowest.</param>
/// <param name="ProbabilityFineTuningCheapest">Share of draws where fine-tuning's horizon total is lowest.</param>
/// <param name="SavingPercentilesUsd">Percentiles (p5, p25, p50, p75, p95) of prompt total minus fine-tuning total.</param>
/// <param name="SavingHistogram">A histogram of that saving for charts.</param>
public sealed record MonteCarloResult(
    int Draws,
    int Seed,
    double ProbabilityPromptCheapest,
    double ProbabilityFineTuningCheapest,
    IReadOnlyDictionary<string, double> SavingPercentilesUsd,
    IReadOnlyList<HistogramBin> SavingHistogram);
