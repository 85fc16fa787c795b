namespace Crossover.Evaluation.Optimization;

/// <summary>What a search found.</summary>
/// <param name="Id">The optimization's id (pass it to <c>--resume</c>).</param>
/// <param name="Candidate">The starting candidate.</param>
/// <param name="Primary">The metric searched on.</param>
/// <param name="Best">The best configuration found.</param>
/// <param name="BestTrial">Its trial number (0: the starting prompt stayed best).</param>
/// <param name="Start">The starting prompt's score on the final round's batch.</param>
/// <param name="BestScore">The best configuration's score on the final round's batch.</param>
/// <param name="FinalItems">Dev items in the final round.</param>
/// <param name="Trajectory">Every configuration scored, round by round.</param>
/// <param name="CostUsd">What the search paid for calls (cache hits are free).</param>
/// <param name="StoppedByBudget">Whether the search stopped early to stay within the budget.</param>
public sealed record OptimizationResult(
    string Id,
    string Candidate,
    string Primary,
    PromptConfiguration Best,
    int BestTrial,
    OptimizationStep? Start,
    OptimizationStep BestScore,
    int FinalItems,
    IReadOnlyList<OptimizationStep> Trajectory,
    double CostUsd,
    bool StoppedByBudget)
{
    /// <summary>Instruction variants the proposer returned (0 when it was not asked or answered nothing usable).</summary>
    public int Proposals { get; init; }

    /// <summary>Train items the starting model answered correctly, the pool demonstrations were bootstrapped from.</summary>
    public int Bootstrapped { get; init; }
}
