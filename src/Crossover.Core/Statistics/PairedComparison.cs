namespace Crossover.Core.Statistics;

/// <summary>The outcome of comparing two candidates on the same items.</summary>
/// <param name="Difference">The observed difference, first minus second.</param>
/// <param name="Low">The 95 % interval's low end for the difference.</param>
/// <param name="High">The 95 % interval's high end for the difference.</param>
/// <param name="PValue">The two-sided p-value for "no difference".</param>
/// <param name="Test">The test used: <c>mcnemar</c> (exact or chi-square) or <c>paired-bootstrap</c>.</param>
/// <param name="Items">Items both candidates answered.</param>
/// <param name="ItemsNeeded">Items needed to detect the observed difference at α = 0.05 with 80 % power; null when the difference is zero.</param>
public sealed record PairedComparison(double Difference, double Low, double High, double PValue, string Test, int Items, int? ItemsNeeded)
{
    /// <summary>Whether the difference is significant at α = 0.05 (p &lt; 0.05).</summary>
    public bool Significant => PValue < 0.05;
}
