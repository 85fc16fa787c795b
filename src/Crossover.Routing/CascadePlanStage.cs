namespace Crossover.Routing;

/// <summary>One stage of an exported cascade: the candidate measured in the run and the model it called.</summary>
/// <param name="Candidate">The candidate's name in the run.</param>
/// <param name="Provider">Its provider (openai, anthropic, ollama, local, …).</param>
/// <param name="Model">Its model id.</param>
public sealed record CascadePlanStage(string Candidate, string Provider, string Model);
