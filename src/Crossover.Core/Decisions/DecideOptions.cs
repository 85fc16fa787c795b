using Crossover.Core.Evidence;
using Crossover.Core.Formatting;
using Crossover.Core.Input;

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

    /// <summary>The most Monte Carlo draws a decision takes (ten million: about a minute of CPU; docs/benchmarks.md).</summary>
    public const int MaxMonteCarloDraws = 10_000_000;

    /// <summary>Checks every option against its limits, so each front end refuses the same values with the same words.</summary>
    /// <exception cref="InputException">Draws are negative or above <see cref="MaxMonteCarloDraws"/>.</exception>
    public void Validate()
    {
        if (MonteCarloDraws is < 0 or > MaxMonteCarloDraws)
        {
            throw new InputException($"--draws must be between 0 and {Format.Number(MaxMonteCarloDraws, 0)}, not {Format.Number(MonteCarloDraws, 0)}",
                hint: "0 turns the Monte Carlo off; the default is 20,000");
        }
    }
}
