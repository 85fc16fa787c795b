namespace Crossover.Core.Economics;

/// <summary>A price the economics used, with where it came from (for the report's provenance section).</summary>
/// <param name="Item">What was priced, e.g. <c>gpt-4.1 input</c>.</param>
/// <param name="Value">The figure.</param>
/// <param name="Unit">Its unit, e.g. <c>USD / 1M tokens</c>.</param>
/// <param name="Source">The catalog source, or <c>profile</c> for inline prices.</param>
public sealed record PriceUsed(string Item, double Value, string Unit, string Source);
