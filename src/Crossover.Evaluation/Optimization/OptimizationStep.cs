namespace Crossover.Evaluation.Optimization;

/// <summary>One line of the trajectory: a configuration scored on a round's dev batch.</summary>
/// <param name="Round">The successive-halving round (0 first).</param>
/// <param name="Trial">The configuration's number (0 is the starting prompt).</param>
/// <param name="PromptHash">The configuration's hash.</param>
/// <param name="Description">What the configuration is.</param>
/// <param name="Items">Dev items scored in this round.</param>
/// <param name="Score">The primary metric on them.</param>
/// <param name="Low">Its 95 % interval's lower bound.</param>
/// <param name="High">Its upper bound.</param>
/// <param name="CostSoFarUsd">What the search had paid for calls when this round ended.</param>
/// <param name="RunId">The evaluation run holding this round's records.</param>
public sealed record OptimizationStep(int Round, int Trial, string PromptHash, string Description, int Items, double Score, double Low, double High, double CostSoFarUsd, string RunId);
