namespace Crossover.Core.Evidence;

/// <summary>A profile value replaced by a measurement.</summary>
/// <param name="Field">The profile field path.</param>
/// <param name="ProfileValue">What the profile said (null when it said nothing).</param>
/// <param name="MeasuredValue">What the run measured.</param>
/// <param name="Candidate">The candidate measured.</param>
public sealed record Replacement(string Field, double? ProfileValue, double MeasuredValue, string Candidate);
