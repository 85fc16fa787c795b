using Crossover.Routing;

namespace Crossover.Evaluation.Cascades;

/// <summary>Which cascades to simulate and what to calibrate them for.</summary>
public sealed class CascadeAnalysisOptions
{
    /// <summary>Fixed stages by candidate name, in order (null: every 2- and 3-stage cascade, cheapest first).</summary>
    public IReadOnlyList<string>? Stages { get; init; }

    /// <summary>The gates to try (null: every gate the run's records can measure).</summary>
    public IReadOnlyList<CascadeGate>? Gates { get; init; }

    /// <summary>The most stages a generated cascade has (2 or 3).</summary>
    public int MaxStages { get; init; } = 3;

    /// <summary>Thresholds tried per gate: quantiles of the dev split's gate scores.</summary>
    public int GridPoints { get; init; } = 50;

    /// <summary>What to calibrate for.</summary>
    public CascadeObjective Objective { get; init; } = new(null, null);
}
