namespace Crossover.Core.Economics;

/// <summary>How one uncertain input moves the answer when swept over its range, the others held at their likely values.</summary>
/// <param name="Input">The profile field path, e.g. <c>traffic.requestsPerMonth</c>.</param>
/// <param name="Low">The range's low end.</param>
/// <param name="Likely">The likely value.</param>
/// <param name="High">The range's high end.</param>
/// <param name="SavingAtLowUsd">Prompt total minus fine-tuning total over the horizon with the input at its low end.</param>
/// <param name="SavingAtHighUsd">The same at the high end.</param>
/// <param name="CheapestFlipsAt">The input value where the cheaper approach changes, or null if it does not within the range.</param>
/// <param name="RecommendationFlipsAt">The input value where the recommendation changes, or null if it does not within the range.</param>
/// <param name="RecommendationAtFlip">The recommendation past the flip, when there is one.</param>
public sealed record SensitivityRow(
    string Input,
    double Low,
    double Likely,
    double High,
    double SavingAtLowUsd,
    double SavingAtHighUsd,
    double? CheapestFlipsAt,
    double? RecommendationFlipsAt,
    string? RecommendationAtFlip);
