namespace Crossover.Core.Catalog;

/// <summary>A model's announced end: when it was deprecated, when it stops answering, and what the provider moves callers to.</summary>
/// <param name="Deprecated">The day the deprecation was announced, when known.</param>
/// <param name="Shutdown">The first day the model no longer answers, when announced.</param>
/// <param name="Successor">The catalog id of the model to move to, when there is one.</param>
/// <param name="Note">Anything a reader needs to weigh the dates (e.g. how the successor was chosen).</param>
/// <param name="Source">The public page the dates come from.</param>
/// <param name="Read">The date <paramref name="Source"/> was read.</param>
public sealed record ModelLifecycle(DateOnly? Deprecated, DateOnly? Shutdown, string? Successor, string? Note, string Source, DateOnly? Read);
