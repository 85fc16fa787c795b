using Crossover.Core.Catalog;

namespace Crossover.Core.Economics;

/// <summary>
/// A tuned model on a dedicated endpoint billed by the hour: the month costs replicas × hours × hourly price, with as
/// many whole replicas running all month as the busiest hour needs (never fewer than the minimum kept warm).
/// </summary>
public static class EndpointServing
{
    /// <summary>Replicas the load needs and what they cost in a month.</summary>
    /// <param name="endpoint">The endpoint's hourly price.</param>
    /// <param name="requestsPerMonth">The month's requests.</param>
    /// <param name="requestsPerReplicaHour">Requests one replica serves in an hour at the latency target.</param>
    /// <param name="peakToAverage">Busiest hour's traffic over the average hour's (1 = flat).</param>
    /// <param name="minReplicas">Replicas kept running whatever the load (1 unless the endpoint scales to zero).</param>
    /// <returns>The replicas and the month's cost.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not positive, or the peak is below the average.</exception>
    public static (int Replicas, double MonthlyUsd) Monthly(DedicatedEndpoint endpoint, double requestsPerMonth, double requestsPerReplicaHour, double peakToAverage = 1, int minReplicas = 1)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfNegative(requestsPerMonth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerReplicaHour);
        ArgumentOutOfRangeException.ThrowIfLessThan(peakToAverage, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minReplicas);
        var peakPerHour = requestsPerMonth / CostInputs.HoursPerMonth * peakToAverage;
        var replicas = Math.Max(minReplicas, (int)Math.Ceiling(peakPerHour / requestsPerReplicaHour));
        return (replicas, replicas * CostInputs.HoursPerMonth * endpoint.Hourly);
    }
}
