namespace Crossover.Tuning.Jobs;

/// <summary>One event of a job: a provider message, a metric line, or a local epoch loss.</summary>
/// <param name="Id">The provider's event id (or <c>local-N</c>).</param>
/// <param name="CreatedAt">When it happened.</param>
/// <param name="Level"><c>info</c>, <c>warn</c> or <c>error</c>.</param>
/// <param name="Message">The text.</param>
public sealed record TuningJobEvent(string Id, DateTimeOffset CreatedAt, string Level, string Message);
