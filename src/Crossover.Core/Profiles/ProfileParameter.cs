namespace Crossover.Core.Profiles;

/// <summary>A numeric profile field that can carry a range: how to read it and how to set it, for sensitivity and Monte Carlo.</summary>
/// <param name="Path">The field's path as written in profile files.</param>
/// <param name="Get">Reads the field (null when unset).</param>
/// <param name="Set">Returns a copy of the profile with the field set to one value.</param>
public sealed record ProfileParameter(string Path, Func<UseCaseProfile, Estimate?> Get, Func<UseCaseProfile, double, UseCaseProfile> Set)
{
    /// <summary>Every numeric field that may be a range.</summary>
    public static IReadOnlyList<ProfileParameter> All { get; } =
    [
        new("traffic.requestsPerMonth", p => p.Traffic.RequestsPerMonth, (p, v) => p with { Traffic = p.Traffic with { RequestsPerMonth = v } }),
        new("traffic.monthlyGrowth", p => p.Traffic.MonthlyGrowth, (p, v) => p with { Traffic = p.Traffic with { MonthlyGrowth = v } }),
        new("traffic.latencySloP95Ms", p => p.Traffic.LatencySloP95Ms, (p, v) => p with { Traffic = p.Traffic with { LatencySloP95Ms = v } }),
        new("format.requiredCompliance", p => p.Format.RequiredCompliance, (p, v) => p with { Format = p.Format with { RequiredCompliance = v } }),
        new("data.labeledExamples", p => p.Data.LabeledExamples, (p, v) => p with { Data = p.Data with { LabeledExamples = v } }),
        new("data.costPerLabelUsd", p => p.Data.CostPerLabelUsd, (p, v) => p with { Data = p.Data with { CostPerLabelUsd = v } }),
        new("data.preferencePairs", p => p.Data.PreferencePairs, (p, v) => p with { Data = p.Data with { PreferencePairs = v } }),
        new("quality.bar", p => p.Quality.Bar, (p, v) => p with { Quality = p.Quality with { Bar = v } }),
        new("quality.prompting.quality", p => p.Quality.Prompting, (p, v) => p with { Quality = p.Quality with { Prompting = v } }),
        new("quality.prompting.formatCompliance", p => p.Quality.PromptingFormatCompliance, (p, v) => p with { Quality = p.Quality with { PromptingFormatCompliance = v } }),
        new("quality.prompting.latencyP95Ms", p => p.Quality.PromptingLatencyP95Ms, (p, v) => p with { Quality = p.Quality with { PromptingLatencyP95Ms = v } }),
        new("quality.fineTuned.quality", p => p.Quality.FineTuned, (p, v) => p with { Quality = p.Quality with { FineTuned = v } }),
        new("quality.fineTuned.formatCompliance", p => p.Quality.FineTunedFormatCompliance, (p, v) => p with { Quality = p.Quality with { FineTunedFormatCompliance = v } }),
        new("prompted.systemPromptTokens", p => p.Prompted.SystemPromptTokens, (p, v) => p with { Prompted = p.Prompted with { SystemPromptTokens = v } }),
        new("prompted.fewShotCount", p => p.Prompted.FewShotCount, (p, v) => p with { Prompted = p.Prompted with { FewShotCount = v } }),
        new("prompted.tokensPerExample", p => p.Prompted.TokensPerExample, (p, v) => p with { Prompted = p.Prompted with { TokensPerExample = v } }),
        new("prompted.inputTokens", p => p.Prompted.InputTokens, (p, v) => p with { Prompted = p.Prompted with { InputTokens = v } }),
        new("prompted.outputTokens", p => p.Prompted.OutputTokens, (p, v) => p with { Prompted = p.Prompted with { OutputTokens = v } }),
        new("prompted.cacheablePrefixShare", p => p.Prompted.CacheablePrefixShare, (p, v) => p with { Prompted = p.Prompted with { CacheablePrefixShare = v } }),
        new("prompted.cacheHitRate", p => p.Prompted.CacheHitRate, (p, v) => p with { Prompted = p.Prompted with { CacheHitRate = v } }),
        new("prompted.engineeringUsd", p => p.Prompted.EngineeringUsd, (p, v) => p with { Prompted = p.Prompted with { EngineeringUsd = v } }),
        new("prompted.maintenanceUsdPerMonth", p => p.Prompted.MaintenanceUsdPerMonth, (p, v) => p with { Prompted = p.Prompted with { MaintenanceUsdPerMonth = v } }),
        new("fineTuned.systemPromptTokens", p => p.FineTuned.SystemPromptTokens, (p, v) => p with { FineTuned = p.FineTuned with { SystemPromptTokens = v } }),
        new("fineTuned.inputTokens", p => p.FineTuned.InputTokens, (p, v) => p with { FineTuned = p.FineTuned with { InputTokens = v } }),
        new("fineTuned.outputTokens", p => p.FineTuned.OutputTokens, (p, v) => p with { FineTuned = p.FineTuned with { OutputTokens = v } }),
        new("fineTuned.gpuHourlyUsd", p => p.FineTuned.GpuHourlyUsd, (p, v) => p with { FineTuned = p.FineTuned with { GpuHourlyUsd = v } }),
        new("fineTuned.requestsPerGpuHour", p => p.FineTuned.RequestsPerGpuHour, (p, v) => p with { FineTuned = p.FineTuned with { RequestsPerGpuHour = v } }),
        new("fineTuned.trainingExamples", p => p.FineTuned.TrainingExamples, (p, v) => p with { FineTuned = p.FineTuned with { TrainingExamples = v } }),
        new("fineTuned.epochs", p => p.FineTuned.Epochs, (p, v) => p with { FineTuned = p.FineTuned with { Epochs = v } }),
        new("fineTuned.tokensPerExample", p => p.FineTuned.TokensPerExample, (p, v) => p with { FineTuned = p.FineTuned with { TokensPerExample = v } }),
        new("fineTuned.retrainsPerYear", p => p.FineTuned.RetrainsPerYear, (p, v) => p with { FineTuned = p.FineTuned with { RetrainsPerYear = v } }),
        new("fineTuned.engineeringUsd", p => p.FineTuned.EngineeringUsd, (p, v) => p with { FineTuned = p.FineTuned with { EngineeringUsd = v } }),
        new("fineTuned.maintenanceUsdPerMonth", p => p.FineTuned.MaintenanceUsdPerMonth, (p, v) => p with { FineTuned = p.FineTuned with { MaintenanceUsdPerMonth = v } }),
        new("fineTuned.trainingUtilization", p => p.FineTuned.TrainingUtilization, (p, v) => p with { FineTuned = p.FineTuned with { TrainingUtilization = v } }),
        new("fineTuned.retrainUsd", p => p.FineTuned.RetrainUsd, (p, v) => p with { FineTuned = p.FineTuned with { RetrainUsd = v } }),
        new("cascade.strongShare", p => p.Cascade.StrongShare, (p, v) => p with { Cascade = p.Cascade with { StrongShare = v } }),
        new("cascade.gateUsdPerRequest", p => p.Cascade.GateUsdPerRequest, (p, v) => p with { Cascade = p.Cascade with { GateUsdPerRequest = v } }),
        new("cascade.engineeringUsd", p => p.Cascade.EngineeringUsd, (p, v) => p with { Cascade = p.Cascade with { EngineeringUsd = v } }),
        new("cascade.quality", p => p.Cascade.Quality, (p, v) => p with { Cascade = p.Cascade with { Quality = v } }),
        new("distillation.examples", p => p.Distillation.Examples, (p, v) => p with { Distillation = p.Distillation with { Examples = v } }),
        new("distillation.checkShare", p => p.Distillation.CheckShare, (p, v) => p with { Distillation = p.Distillation with { CheckShare = v } }),
        new("leadTimeMonths.prompt", p => p.LeadTimeMonths.Prompt, (p, v) => p with { LeadTimeMonths = p.LeadTimeMonths with { Prompt = v } }),
        new("leadTimeMonths.fineTune", p => p.LeadTimeMonths.FineTune, (p, v) => p with { LeadTimeMonths = p.LeadTimeMonths with { FineTune = v } }),
        new("leadTimeMonths.fineTunePlusPrompt", p => p.LeadTimeMonths.FineTunePlusPrompt, (p, v) => p with { LeadTimeMonths = p.LeadTimeMonths with { FineTunePlusPrompt = v } }),
        new("leadTimeMonths.cascade", p => p.LeadTimeMonths.Cascade, (p, v) => p with { LeadTimeMonths = p.LeadTimeMonths with { Cascade = v } }),
        new("leadTimeMonths.distillation", p => p.LeadTimeMonths.Distillation, (p, v) => p with { LeadTimeMonths = p.LeadTimeMonths with { Distillation = v } }),
        new("decision.valuePerMonthUsd", p => p.Decision.ValuePerMonthUsd, (p, v) => p with { Decision = p.Decision with { ValuePerMonthUsd = v } }),
        new("evaluationUsdPerMonth", p => p.EvaluationUsdPerMonth, (p, v) => p with { EvaluationUsdPerMonth = v }),
    ];
}
