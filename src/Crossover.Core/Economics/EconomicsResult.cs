namespace Crossover.Core.Economics;

/// <summary>The economics of a profile: each approach's cost and where they cross.</summary>
/// <param name="HorizonMonths">Months totalled.</param>
/// <param name="RequestsPerMonth">Volume of each month of the horizon (growth applied).</param>
/// <param name="Options">Prompt engineering first, fine-tuning second (the two the break-even compares), with their per-request breakdown.</param>
/// <param name="BreakEvenRequestsPerMonth">The steady monthly volume above which fine-tuning costs less over the horizon, or null.</param>
/// <param name="BreakEvenMonth">The first month (1-based) at whose end fine-tuning's cumulative cost is lower, or null.</param>
/// <param name="BreakEvenNote">Why there is no break-even, or how it was found.</param>
/// <param name="Compute">The FLOPs view, when the fine-tuned model's size is known.</param>
/// <param name="Prices">Every price used, with its source.</param>
/// <param name="OptionCosts">Every option the profile can price (prompt, fine-tune, fine-tune + prompt, cascade when a share needing the strong model is known, distillation), lead time included.</param>
public sealed record EconomicsResult(
    int HorizonMonths,
    IReadOnlyList<double> RequestsPerMonth,
    IReadOnlyList<CostOption> Options,
    double? BreakEvenRequestsPerMonth,
    int? BreakEvenMonth,
    string BreakEvenNote,
    ComputeView? Compute,
    IReadOnlyList<PriceUsed> Prices,
    IReadOnlyList<OptionCost> OptionCosts);
