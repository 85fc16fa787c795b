namespace Crossover.Reports;

/// <summary>
/// One fine-tuning job as the report shows it. The report takes this view rather than the tuning library's job record so
/// the page does not depend on the training stack.
/// </summary>
/// <param name="Id">Crossover's job id.</param>
/// <param name="Backend"><c>openai-compatible</c> or <c>local</c>.</param>
/// <param name="Provider">The provider (openai, azure-openai, local).</param>
/// <param name="BaseModel">The model tuned.</param>
/// <param name="Status">The job's status as the provider names it.</param>
/// <param name="FineTunedModel">The tuned model's id, or the adapter folder of a local job.</param>
/// <param name="CandidateName">The experiment candidate the tuned model became.</param>
/// <param name="TrainedTokens">Training tokens billed, when reported.</param>
/// <param name="TrainingCostUsd">Trained tokens × the catalog's training price, when both are known.</param>
/// <param name="Error">The provider's error, for a failed job.</param>
/// <param name="CreatedAt">When the job was recorded.</param>
/// <param name="FinishedAt">When it reached a terminal status.</param>
public sealed record JobSummary(
    string Id,
    string Backend,
    string Provider,
    string BaseModel,
    string Status,
    string? FineTunedModel,
    string CandidateName,
    long? TrainedTokens,
    double? TrainingCostUsd,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);
