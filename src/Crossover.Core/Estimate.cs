namespace Crossover.Core;

/// <summary>
/// A numeric input that may be uncertain: a single value, or a range with a most-likely value.
/// Engines use <see cref="Likely"/>; sensitivity and Monte Carlo analysis use the whole range.
/// </summary>
/// <param name="Low">The lowest plausible value.</param>
/// <param name="Likely">The most likely value.</param>
/// <param name="High">The highest plausible value.</param>
public readonly record struct Estimate(double Low, double Likely, double High)
{
    /// <summary>An estimate with no uncertainty.</summary>
    /// <param name="value">The value.</param>
    /// <returns>An estimate whose low, likely and high are all <paramref name="value"/>.</returns>
    public static Estimate Exactly(double value) => new(value, value, value);

    /// <summary>Whether the estimate spans more than one value.</summary>
    public bool IsRange => Low < High;

    /// <summary>Implicitly treats a plain number as an exact estimate.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator Estimate(double value) => Exactly(value);

    /// <summary>The same estimate with <see cref="Likely"/> replaced (clamped into the range, widening it if needed).</summary>
    /// <param name="likely">The new most likely value.</param>
    /// <returns>The adjusted estimate.</returns>
    public Estimate WithLikely(double likely) => new(Math.Min(Low, likely), likely, Math.Max(High, likely));

    /// <inheritdoc />
    public override string ToString() => IsRange ? $"{Likely} ({Low}–{High})" : Likely.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
