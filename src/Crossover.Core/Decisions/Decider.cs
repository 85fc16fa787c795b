using Crossover.Core.Catalog;
using Crossover.Core.Economics;
using Crossover.Core.Evidence;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>The whole of <c>crossover decide</c> as one pure function: (profile, catalog, evidence) → report.</summary>
public static class Decider
{
    /// <summary>Decides a profile.</summary>
    /// <param name="profile">The profile as read.</param>
    /// <param name="catalog">The price catalog.</param>
    /// <param name="options">Evidence and Monte Carlo settings.</param>
    /// <returns>The decision with its economics and uncertainty.</returns>
    /// <exception cref="Input.InputException">A model or GPU is missing from the catalog, or a needed figure is absent.</exception>
    public static DecisionReport Decide(UseCaseProfile profile, PriceCatalog catalog, DecideOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new DecideOptions();
        options.Validate();

        IReadOnlyList<Replacement> replacements = [];
        if (options.Evidence is { } evidence)
        {
            (profile, replacements) = EvidenceApplier.Apply(profile, evidence);
        }

        var effective = profile.PriceOverrides is { } inline ? catalog.OverriddenBy(inline) : catalog;
        var prices = ResolvedPrices.Resolve(profile, effective);
        var economics = CostModel.Compute(profile, CostInputs.From(profile, prices), prices);
        var decision = DecisionEngine.Decide(profile, economics, effective);

        Approach Recommend(UseCaseProfile variant) =>
            DecisionEngine.Decide(variant, CostModel.Compute(variant, CostInputs.From(variant, prices), prices), effective).Recommendation;

        var uncertainty = UncertaintyAnalysis.Analyze(profile, prices, Recommend, options.MonteCarloDraws, options.Seed);
        return new DecisionReport(
            profile, decision.Recommendation, decision.HybridPattern, decision.Retrieval, decision.TuningMethod, decision.Confidence, decision.Gate,
            decision.Summary, decision.Criteria, decision.DecidingCriteria, decision.NextSteps, economics, uncertainty, options.Evidence, replacements,
            effective.Date)
        {
            Warnings = ModelLifetimes.Warnings(effective, options.DecisionDate ?? effective.Date, profile.Traffic.HorizonMonths, UsedModels(profile)),
        };
    }

    private static IEnumerable<(string ModelId, bool Tuned)> UsedModels(UseCaseProfile profile)
    {
        yield return (profile.Prompted.Model, false);
        if (profile.FineTuned.Hosting == Hosting.Managed)
        {
            yield return (profile.FineTuned.BaseModel, true);
        }
    }

    /// <summary>Runs only the Monte Carlo over a profile's ranges (for benchmarks).</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="catalog">The price catalog.</param>
    /// <param name="draws">Draws.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>The Monte Carlo result.</returns>
    public static MonteCarloResult MonteCarlo(UseCaseProfile profile, PriceCatalog catalog, int draws, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(catalog);
        var effective = profile.PriceOverrides is { } inline ? catalog.OverriddenBy(inline) : catalog;
        var ranged = ProfileParameter.All.Where(p => p.Get(profile) is { IsRange: true }).ToList();
        return UncertaintyAnalysis.MonteCarlo(profile, ResolvedPrices.Resolve(profile, effective), ranged, draws, seed);
    }
}
