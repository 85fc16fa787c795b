namespace Crossover.Core.Evidence;

/// <summary>What an evaluation run measured for a cascade end to end: its quality and what a request cost.</summary>
/// <param name="Candidate">The cascade's name in the run.</param>
/// <param name="Quality">The primary quality metric (0–1).</param>
/// <param name="Items">Items measured (the quality becomes a Beta posterior over them).</param>
/// <param name="CostPerRequestUsd">Mean cost of one request: the cheap tier, the escalations and the gate.</param>
/// <param name="StrongShare">The share of requests that escalated to the strong model, when recorded.</param>
public sealed record MeasuredCascade(string Candidate, double Quality, int Items, double CostPerRequestUsd, double? StrongShare);
