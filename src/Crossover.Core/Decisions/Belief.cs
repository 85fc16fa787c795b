using Crossover.Core.Statistics;

namespace Crossover.Core.Decisions;

/// <summary>Where a belief about a share (quality, compliance) comes from.</summary>
public enum BeliefBasis
{
    /// <summary>Measured on a counted number of items: a Beta posterior from correct / total.</summary>
    Measured,

    /// <summary>Typed into the profile without a count: the value (or a triangular range) as stated.</summary>
    Stated,

    /// <summary>Not measured: a documented prior (docs/decision.md, "Priors").</summary>
    Assumed,
}

/// <summary>
/// What is believed about one uncertain share (0–1), with the probability that it reaches a threshold and seeded
/// draws for the Monte Carlo. A measured belief is Beta(correct + 1, total − correct + 1); a stated one is its value, or a
/// triangular over its range; an assumed one is uniform over a 0.2-wide band around <see cref="Reference"/>, placed so that
/// P(value ≥ reference) is the prior's stated probability.
/// </summary>
/// <param name="Name">What it is about, e.g. <c>quality.prompting</c>.</param>
/// <param name="Basis">Measured, stated or assumed.</param>
/// <param name="Stated">The stated value or range (stated beliefs), or the measured mean.</param>
/// <param name="Successes">Correct items (measured beliefs).</param>
/// <param name="Trials">Items measured (measured beliefs).</param>
/// <param name="Reference">The threshold an assumed prior is stated against (the bar, the required compliance).</param>
/// <param name="AssumedProbability">P(value ≥ reference) under an assumed prior.</param>
/// <param name="Source">Where the prior or value comes from.</param>
public sealed record Belief(
    string Name, BeliefBasis Basis, Estimate? Stated, double Successes, int Trials, double Reference, double AssumedProbability, string Source)
{
    /// <summary>Width of an assumed prior's band.</summary>
    public const double AssumedWidth = 0.2;

    /// <summary>A measured share: <paramref name="mean"/> over <paramref name="trials"/> items.</summary>
    public static Belief Measured(string name, double mean, int trials, string source) =>
        new(name, BeliefBasis.Measured, mean, Math.Clamp(mean, 0, 1) * trials, trials, 0, 0, source);

    /// <summary>A stated value or range.</summary>
    public static Belief StatedAs(string name, Estimate value, string source) => new(name, BeliefBasis.Stated, value, 0, 0, 0, 0, source);

    /// <summary>An assumed prior: P(value ≥ <paramref name="reference"/>) = <paramref name="probability"/>.</summary>
    public static Belief Assumed(string name, double reference, double probability, string source) =>
        new(name, BeliefBasis.Assumed, null, 0, 0, reference, probability, source);

    /// <summary>Whether the belief is uncertain at all (a stated single value is not).</summary>
    public bool IsUncertain => Basis != BeliefBasis.Stated || Stated is { IsRange: true };

    /// <summary>The most likely value.</summary>
    public double Likely => Basis switch
    {
        BeliefBasis.Measured => (Successes + 1) / (Trials + 2.0),
        BeliefBasis.Stated => Stated!.Value.Likely,
        _ => Math.Clamp(Reference + (AssumedWidth * (AssumedProbability - 0.5)), Math.Min(0, Reference), Math.Max(1, Reference)),
    };

    /// <summary>The measured 95 % interval (Wilson), for measured beliefs.</summary>
    public Interval? MeasuredInterval => Basis == BeliefBasis.Measured ? Stats.Wilson(Successes, Trials) : null;

    /// <summary>P(value ≥ <paramref name="threshold"/>).</summary>
    /// <param name="threshold">The threshold.</param>
    /// <returns>The probability.</returns>
    public double ProbabilityAtLeast(double threshold)
    {
        switch (Basis)
        {
            case BeliefBasis.Measured:
                return 1 - Distributions.BetaCdf(threshold, Successes + 1, Trials - Successes + 1);
            case BeliefBasis.Stated:
                var (a, c, b) = (Stated!.Value.Low, Stated.Value.Likely, Stated.Value.High);
                if (b <= a)
                {
                    return c >= threshold ? 1 : 0;
                }

                if (threshold <= a)
                {
                    return 1;
                }

                if (threshold >= b)
                {
                    return 0;
                }

                return threshold <= c
                    ? 1 - ((threshold - a) * (threshold - a) / ((b - a) * (c - a)))
                    : (b - threshold) * (b - threshold) / ((b - a) * (b - c));
            default:
                var low = Reference - (AssumedWidth * (1 - AssumedProbability));
                return Math.Clamp((low + AssumedWidth - threshold) / AssumedWidth, 0, 1);
        }
    }

    /// <summary>One seeded draw.</summary>
    /// <param name="random">The source.</param>
    /// <returns>A value.</returns>
    public double Draw(Random random) => Basis switch
    {
        BeliefBasis.Measured => Distributions.SampleBeta(random, Successes + 1, Trials - Successes + 1),
        BeliefBasis.Stated => Triangular(random, Stated!.Value),
        _ => Reference - (AssumedWidth * (1 - AssumedProbability)) + (AssumedWidth * random.NextDouble()),
    };

    /// <summary>Inverse-CDF sample of a triangular distribution on [low, high] with mode likely.</summary>
    internal static double Triangular(Random random, Estimate range)
    {
        var (a, c, b) = (range.Low, range.Likely, range.High);
        if (b <= a)
        {
            return c;
        }

        var u = random.NextDouble();
        var split = (c - a) / (b - a);
        return u < split ? a + Math.Sqrt(u * (b - a) * (c - a)) : b - Math.Sqrt((1 - u) * (b - a) * (b - c));
    }
}
