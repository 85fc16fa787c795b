namespace Crossover.Evaluation.Data;

/// <summary>One labeled example: its id, every field as text (template variables) and the reference answer.</summary>
/// <param name="Id">A stable id (the id field, or the 1-based line number).</param>
/// <param name="Fields">Every field of the record.</param>
/// <param name="Expected">The reference answer.</param>
public sealed record DataItem(string Id, IReadOnlyDictionary<string, string> Fields, string Expected);
