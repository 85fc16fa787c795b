namespace Crossover.Evaluation.Providers;

/// <summary>The one header that carries an endpoint's key, and the key itself (removed from error bodies that echo it).</summary>
/// <param name="Name"><c>Authorization</c> or <c>api-key</c>.</param>
/// <param name="Value">The header's value (<c>Bearer KEY</c> or <c>KEY</c>).</param>
/// <param name="Key">The key alone.</param>
internal sealed record KeyHeader(string Name, string Value, string Key);
