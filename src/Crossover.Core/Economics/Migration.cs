using Crossover.Core.Catalog;

namespace Crossover.Core.Economics;

/// <summary>One forced move within the horizon: in <paramref name="Month"/> the option leaves <paramref name="From"/> for <paramref name="To"/>.</summary>
/// <param name="Month">The 1-based horizon month that contains <paramref name="EndsOn"/>; the one-off cost falls in it and <paramref name="To"/>'s prices apply from it on.</param>
/// <param name="EndsOn">The first day <paramref name="From"/> (or its fine-tunes) no longer answers.</param>
/// <param name="From">The retiring model's id.</param>
/// <param name="To">The successor's catalog entry, whose prices apply from <paramref name="Month"/> on.</param>
/// <param name="Kind">Prompt moved, or model re-tuned.</param>
/// <param name="TrainingUsd">The training run on the successor (0 for a prompt port).</param>
/// <param name="EngineeringUsd">People's cost of the move.</param>
public sealed record Migration(int Month, DateOnly EndsOn, string From, ModelPrice To, MigrationKind Kind, double TrainingUsd, double EngineeringUsd)
{
    /// <summary>The one-off cost charged in <see cref="Month"/>.</summary>
    public double OneOffUsd => TrainingUsd + EngineeringUsd;
}
