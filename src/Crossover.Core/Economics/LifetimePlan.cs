namespace Crossover.Core.Economics;

/// <summary>What a model's lifetime does to one option over the horizon: nothing, migrations at the shutdown months, or rules it out.</summary>
/// <param name="ModelId">The model the option starts on.</param>
/// <param name="Tuned">Whether the option calls a fine-tune of the model.</param>
/// <param name="Migrations">The forced moves within the horizon, in month order (empty when the model outlives the horizon).</param>
/// <param name="RuledOut">Why the option cannot run over the horizon, when it cannot.</param>
public sealed record LifetimePlan(string ModelId, bool Tuned, IReadOnlyList<Migration> Migrations, string? RuledOut)
{
    /// <summary>Whether the option cannot run over the horizon at all.</summary>
    public bool IsRuledOut => RuledOut is not null;
}
