namespace Crossover.Evaluation.Running;

/// <summary>What a run would cost one candidate, before anything is spent.</summary>
/// <param name="Candidate">The candidate.</param>
/// <param name="Model">Its model id.</param>
/// <param name="Calls">Calls still to make.</param>
/// <param name="InputTokens">Prompt tokens, counted with the model's tokenizer on the rendered prompts.</param>
/// <param name="OutputTokens">Output tokens, estimated from the reference answers' length (plus reasoning for chain-of-thought).</param>
/// <param name="CostUsd">The estimated cost, when the model has a catalog price.</param>
/// <param name="Tokenizer">The encoding used to count.</param>
public sealed record DryRunEstimate(string Candidate, string Model, int Calls, long InputTokens, long OutputTokens, double? CostUsd, string Tokenizer);
