namespace Crossover.Core.Evidence;

/// <summary>What a learning curve (<c>crossover tune curve</c>) measured: how many training examples beat the prompt.</summary>
/// <param name="RunId">The run whose curve this is.</param>
/// <param name="BaselineQuality">The best prompting candidate's quality the curve was compared with.</param>
/// <param name="ClearingSize">The smallest training-set size whose 95 % interval's lower bound clears the baseline, or null when none did.</param>
/// <param name="LargestSize">The largest size tried.</param>
/// <param name="QualityAtClearingSize">The tuned model's quality at <paramref name="ClearingSize"/>, when there is one.</param>
public sealed record CurveEvidence(string RunId, double BaselineQuality, int? ClearingSize, int LargestSize, double? QualityAtClearingSize);
