namespace Crossover.Core.Economics;

/// <summary>What one option costs over the horizon, lead time included (docs/economics.md, "Options").</summary>
/// <param name="Kind">The option.</param>
/// <param name="Model">The model that serves it (for a cascade, the cheap tier's).</param>
/// <param name="CostPerRequestUsd">Cost of one request once the option is live, prompt caching included.</param>
/// <param name="UpfrontUsd">One-off costs: engineering, labeling, the first training run.</param>
/// <param name="FixedMonthlyUsd">Monthly costs that do not scale with volume (maintenance, evaluation, retraining).</param>
/// <param name="RetrainsPerYear">Retraining runs a year this option needs (0 for options without a tuned model).</param>
/// <param name="LeadTimeMonths">Months until the option is live; the prompted deployment serves the traffic until then.</param>
/// <param name="DelayUsd">The value of the months the feature waits for this option (decision.valuePerMonthUsd × lead time).</param>
/// <param name="MigrationUsd">Moving off models their providers shut down within the horizon (re-tuning or porting the prompt), summed; each move is also in its month of <paramref name="MonthlyUsd"/>.</param>
/// <param name="MonthlyUsd">Running cost of each month of the horizon.</param>
/// <param name="CumulativeUsd">Upfront and delay plus running cost (migrations included) up to the end of each month.</param>
/// <param name="TotalUsd">Cumulative cost at the end of the horizon.</param>
public sealed record OptionCost(
    OptionKind Kind,
    string Model,
    double CostPerRequestUsd,
    double UpfrontUsd,
    double FixedMonthlyUsd,
    double RetrainsPerYear,
    double LeadTimeMonths,
    double DelayUsd,
    double MigrationUsd,
    IReadOnlyList<double> MonthlyUsd,
    IReadOnlyList<double> CumulativeUsd,
    double TotalUsd);
