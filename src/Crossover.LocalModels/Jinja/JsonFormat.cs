namespace Crossover.LocalModels.Jinja;

/// <summary>The options of Python's <c>json.dumps</c> that transformers' <c>tojson</c> passes through.</summary>
/// <param name="Indent">Spaces per level, or null for one line.</param>
/// <param name="SortKeys">Write mapping keys in order.</param>
/// <param name="EnsureAscii">Escape every character above U+007E as <c>\uXXXX</c> (surrogate pairs for the rest).</param>
/// <param name="ItemSeparator">Between items; null for the default, ", " on one line and "," when indenting.</param>
/// <param name="KeySeparator">Between a key and its value.</param>
internal sealed record JsonFormat(int? Indent, bool SortKeys, bool EnsureAscii, string? ItemSeparator, string KeySeparator);
