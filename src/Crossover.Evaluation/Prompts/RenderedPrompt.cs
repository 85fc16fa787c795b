using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Prompts;

/// <summary>A rendered prompt: the messages, and which of them are instructions, demonstrations and the input (for the token breakdown).</summary>
/// <param name="Messages">System, demonstration and user messages, in order.</param>
/// <param name="Instructions">The system text.</param>
/// <param name="Examples">The demonstration turns' text, concatenated.</param>
/// <param name="Input">The user message.</param>
public sealed record RenderedPrompt(IReadOnlyList<ChatMessage> Messages, string Instructions, string Examples, string Input);
