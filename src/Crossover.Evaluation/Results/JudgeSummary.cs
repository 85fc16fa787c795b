namespace Crossover.Evaluation.Results;

/// <summary>
/// The judge's calls over the whole run, recomputed from the records (so a resumed run and the report count every
/// session): calls a provider answered, cache hits excluded, priced at the judge model's catalog price.
/// </summary>
/// <param name="Provider">The judge's provider.</param>
/// <param name="Model">The judge's model id.</param>
/// <param name="Calls">Judge calls a provider answered.</param>
/// <param name="InputTokens">Their prompt tokens, cached included.</param>
/// <param name="OutputTokens">Their output tokens.</param>
/// <param name="CostUsd">What they cost in USD, when the judge model has a price.</param>
/// <param name="PriceSource">Where the price comes from.</param>
public sealed record JudgeSummary(string Provider, string Model, long Calls, long InputTokens, long OutputTokens, double? CostUsd, string? PriceSource);
