using Crossover.Core.Evidence;

namespace Crossover.Core.Decisions;

/// <summary>Options of <see cref="Decider.Decide"/>; defaults in one place, validated on use.</summary>
public sealed record DecideOptions
{
    /// <summary>Measurements from an evaluation run that replace profile values, when given.</summary>
    public RunEvidence? Evidence { get; init; }

    /// <summary>Monte Carlo draws over the profile's ranges and every belief about the options (0 turns the Monte Carlo off; confidence is then the recommended option's feasibility probability).</summary>
    public int MonteCarloDraws { get; init; } = 20_000;

    /// <summary>The Monte Carlo seed, so results are reproducible.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The day the decision is taken (month 1 of the horizon starts on it); null means the catalog's own date.
    /// Model lifetimes and the catalog's age are judged against it.</summary>
    public DateOnly? DecisionDate { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Draws are negative or above ten million.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)MonteCarloDraws, 10_000_000u, nameof(MonteCarloDraws));
}
