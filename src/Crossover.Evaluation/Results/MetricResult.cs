namespace Crossover.Evaluation.Results;

/// <summary>One metric of one candidate with its 95 % interval.</summary>
/// <param name="Value">The estimate (0–1).</param>
/// <param name="Low">The interval's low end.</param>
/// <param name="High">The interval's high end.</param>
/// <param name="Method">How the interval was computed: wilson or bootstrap.</param>
public sealed record MetricResult(double Value, double Low, double High, string Method);
