namespace Crossover.Reports.Writers;

/// <summary>A list entry with an optional bold lead-in.</summary>
internal sealed record ListItem(string? Lead, string Text);
