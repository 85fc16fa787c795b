namespace Crossover.Core.Decisions;

/// <summary>One evaluated rule of the framework.</summary>
/// <param name="Id">Stable id, e.g. <c>volume-vs-break-even</c>.</param>
/// <param name="Title">A short human title.</param>
/// <param name="Favors">Which way it points.</param>
/// <param name="Weight">How strongly, 0 (not at all) to 1 (decisive on its own).</param>
/// <param name="Explanation">One line on why, with the numbers it read.</param>
/// <param name="Source">Where the rule comes from (a seed article file name, a paper, a price page).</param>
public sealed record Criterion(string Id, string Title, Direction Favors, double Weight, string Explanation, string Source);
