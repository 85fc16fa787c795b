namespace Crossover.Core.Catalog;

/// <summary>An endpoint reserved for one tuned model and billed by the hour while it runs, whatever the traffic.</summary>
/// <param name="Hourly">USD per replica-hour.</param>
/// <param name="Hardware">What one replica runs on, in words.</param>
/// <param name="Source">The public page the price comes from.</param>
public sealed record DedicatedEndpoint(double Hourly, string Hardware, string Source);
