using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Store;

/// <summary>A candidate as a run records it (table <c>run_candidates</c>): its name and model, stored as separate columns so no character in a name can corrupt the run.</summary>
/// <param name="Name">The candidate's name (its records carry it).</param>
/// <param name="Model">The model it called.</param>
public sealed record RunCandidate(string Name, RunModel Model)
{
    /// <summary>The header entry of an experiment's candidate.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <returns>The entry.</returns>
    public static RunCandidate From(CandidateSpec candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return new RunCandidate(candidate.Name, new RunModel(candidate.Model.Provider, candidate.Model.Id, candidate.Model.PriceAs));
    }
}
