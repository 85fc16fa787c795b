namespace Crossover.Core.Catalog;

/// <summary>One announced step of a provider closing fine-tuning: from a day on, some callers can no longer start jobs.</summary>
/// <param name="From">The first day the step applies.</param>
/// <param name="Blocks">Who can no longer start new jobs from that day.</param>
public sealed record WindDownStep(DateOnly From, string Blocks);
