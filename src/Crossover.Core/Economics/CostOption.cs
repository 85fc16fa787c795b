
namespace Crossover.Core.Economics;

/// <summary>What one approach costs over the horizon.</summary>
/// <param name="Approach">The approach (prompt engineering or fine-tuning).</param>
/// <param name="Model">The model it calls.</param>
/// <param name="CostPerRequestUsd">Average cost of one request at the first month's volume, prompt caching included.</param>
/// <param name="CostPerRequestWithoutCachingUsd">The same without prompt caching, to show caching's effect.</param>
/// <param name="PerRequest">The per-request cost broken down.</param>
/// <param name="UpfrontUsd">One-off costs (engineering, labeling, first training run).</param>
/// <param name="FixedMonthlyUsd">Monthly costs that do not scale with volume (maintenance, evaluation, retraining, always-on replicas beyond load).</param>
/// <param name="MonthlyUsd">Running cost of each month of the horizon.</param>
/// <param name="CumulativeUsd">Upfront plus running cost up to the end of each month.</param>
/// <param name="TotalUsd">Cumulative cost at the end of the horizon.</param>
public sealed record CostOption(
    Approach Approach,
    string Model,
    double CostPerRequestUsd,
    double CostPerRequestWithoutCachingUsd,
    RequestCost PerRequest,
    double UpfrontUsd,
    double FixedMonthlyUsd,
    IReadOnlyList<double> MonthlyUsd,
    IReadOnlyList<double> CumulativeUsd,
    double TotalUsd);
