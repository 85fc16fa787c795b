namespace Crossover.Evaluation.Optimization;

/// <summary>What a search would call, phase by phase, before anything is paid for (<c>crossover optimize --dry-run</c>).</summary>
/// <param name="Candidate">The starting candidate.</param>
/// <param name="DevItems">Dev items available to the search.</param>
/// <param name="Phases">The phases in order; later rounds count only the items a batch adds (earlier ones are cache hits).</param>
/// <param name="BudgetUsd">The budget, when one is set.</param>
public sealed record OptimizationPlan(string Candidate, int DevItems, IReadOnlyList<PlannedPhase> Phases, double? BudgetUsd)
{
    /// <summary>Calls at most, if every round runs.</summary>
    public int Calls => Phases.Sum(p => p.Calls);

    /// <summary>Estimated cost if every round runs, or null when a phase's price is unknown.</summary>
    public double? CostUsd => Phases.All(p => p.CostUsd is not null) ? Phases.Sum(p => p.CostUsd!.Value) : null;
}

/// <summary>One phase of a planned search.</summary>
/// <param name="What">What it does.</param>
/// <param name="Calls">Calls at most.</param>
/// <param name="InputTokens">Estimated input tokens.</param>
/// <param name="OutputTokens">Estimated output tokens (the proposer's: its cap).</param>
/// <param name="CostUsd">Estimated cost, or null when unknown.</param>
public sealed record PlannedPhase(string What, int Calls, long InputTokens, long OutputTokens, double? CostUsd);
