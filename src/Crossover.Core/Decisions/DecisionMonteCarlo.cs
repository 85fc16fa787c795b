using Crossover.Core.Economics;
using Crossover.Core.Profiles;

namespace Crossover.Core.Decisions;

/// <summary>
/// One seeded Monte Carlo over the ranged inputs (triangular) and every belief (quality posteriors and priors): in each
/// draw every open option is priced and checked, and the best is the cheapest feasible one. It yields the confidence (the
/// share of draws in which the recommended option is best), each option's share, the prompt-versus-fine-tune spread, and
/// the value of information of each uncertain input (docs/decision.md).
/// </summary>
internal static class DecisionMonteCarlo
{
    private const int MeasurementItems = 200;

    public sealed record Result(double Confidence, IReadOnlyDictionary<OptionKind, double> ProbabilityBest, MonteCarloResult Summary, IReadOnlyList<ValueOfInformation> ValueOfInformation);

    public static Result Run(UseCaseProfile profile, ResolvedPrices prices, OptionModel model, IReadOnlyList<OptionKind> open, OptionKind recommended, EconomicsResult economics, int draws, int seed)
    {
        var ranged = UncertaintyAnalysis.Ranged(profile);
        var ranges = ranged.Select(p => p.Get(profile)!.Value).ToArray();
        var candidates = open.Select(kind => model.Candidates.First(c => c.Kind == kind)).ToArray();
        var usedBeliefs = candidates.SelectMany(c => c.Checks).Select(c => c.Belief).Distinct().Where(i => model.Beliefs[i].IsUncertain).Order().ToArray();
        var random = new Random(seed);
        var beliefValues = new double[model.Beliefs.Count];
        var inputValues = new double[ranged.Count + usedBeliefs.Length][];
        for (var j = 0; j < inputValues.Length; j++)
        {
            inputValues[j] = new double[draws];
        }

        var losses = new double[draws][];
        var savings = new double[draws];
        var bestCounts = new int[candidates.Length];
        var recommendedIndex = Array.FindIndex(candidates, c => c.Kind == recommended);
        // Prompt and fine-tune are priced in every draw for the prompt-versus-fine-tune summary, open or not.
        var kinds = candidates.Select(c => c.Kind).Concat([OptionKind.Prompt, OptionKind.FineTune]).ToArray();
        var totals = new double[kinds.Length];
        var feasible = new bool[candidates.Length];
        for (var d = 0; d < draws; d++)
        {
            var drawn = profile;
            for (var j = 0; j < ranged.Count; j++)
            {
                var value = Belief.Triangular(random, ranges[j]);
                inputValues[j][d] = value;
                drawn = ranged[j].Set(drawn, value);
            }

            for (var b = 0; b < model.Beliefs.Count; b++)
            {
                beliefValues[b] = model.Beliefs[b].Draw(random);
            }

            for (var j = 0; j < usedBeliefs.Length; j++)
            {
                inputValues[ranged.Count + j][d] = beliefValues[usedBeliefs[j]];
            }

            CostModel.Totals(CostInputs.From(drawn, prices), kinds, totals);
            var cheapestFeasible = double.PositiveInfinity;
            for (var k = 0; k < candidates.Length; k++)
            {
                feasible[k] = Meets(candidates[k], beliefValues, drawn);
                if (feasible[k])
                {
                    cheapestFeasible = Math.Min(cheapestFeasible, totals[k]);
                }
            }

            // A failed option's money is spent and the best working one is paid for as well; with nothing working, the cost is just what was spent.
            var row = new double[candidates.Length];
            var best = 0;
            for (var k = 0; k < candidates.Length; k++)
            {
                row[k] = feasible[k] || double.IsPositiveInfinity(cheapestFeasible) ? totals[k] : totals[k] + cheapestFeasible;
                if (row[k] < row[best])
                {
                    best = k;
                }
            }

            bestCounts[best]++;
            losses[d] = row;
            savings[d] = totals[^2] - totals[^1];
        }

        var probabilityBest = new Dictionary<OptionKind, double>();
        for (var k = 0; k < candidates.Length; k++)
        {
            probabilityBest[candidates[k].Kind] = draws == 0 ? 0 : (double)bestCounts[k] / draws;
        }

        var confidence = draws == 0 || recommendedIndex < 0 ? 0 : (double)bestCounts[recommendedIndex] / draws;
        var names = ranged.Select(p => p.Path).Concat(usedBeliefs.Select(i => model.Beliefs[i].Name)).ToArray();
        var voi = new List<ValueOfInformation>();
        if (draws > 0 && candidates.Length > 1)
        {
            for (var j = 0; j < names.Length; j++)
            {
                var (value, changes) = InformationValue.Evppi(inputValues[j], losses);
                var (measurement, cost) = Measurement(names[j], profile, economics);
                voi.Add(new ValueOfInformation(names[j], value, changes, measurement, cost));
            }

            voi.Add(new ValueOfInformation("everything", InformationValue.Evpi(losses), voi.Any(v => v.CouldChangeAnswer), "perfect knowledge of every input (the ceiling on any measurement)", null));
            voi.Sort((a, b) => b.EvpiUsd.CompareTo(a.EvpiUsd));
        }

        return new Result(confidence, probabilityBest, UncertaintyAnalysis.Summarize(savings, seed), voi);
    }

    private static bool Meets(OptionModel.Candidate candidate, double[] beliefValues, UseCaseProfile drawn)
    {
        foreach (var check in candidate.Checks)
        {
            if (beliefValues[check.Belief] < OptionModel.ThresholdOf(check, drawn) + check.Shift)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The measurement that would resolve an input, with its cost estimated from the economics.</summary>
    private static (string Measurement, double? CostUsd) Measurement(string input, UseCaseProfile profile, EconomicsResult economics)
    {
        var prompt = economics.Options[0];
        var tuned = economics.Options[1];
        var promptCalls = MeasurementItems * prompt.CostPerRequestWithoutCachingUsd;
        var label = profile.Data.CostPerLabelUsd.Likely;
        var tunedUpfront = economics.OptionCosts.First(o => o.Kind == OptionKind.FineTune).UpfrontUsd;
        var trainingRun = tunedUpfront - profile.FineTuned.EngineeringUsd.Likely - (Math.Max(0, profile.FineTuned.TrainingExamples.Likely - profile.Data.LabeledExamples.Likely) * label);
        return input switch
        {
            "quality.prompting" or "format.prompting" or "latency.prompting" =>
                ($"measure prompting on {MeasurementItems} labeled items (crossover eval)", promptCalls),
            "quality.fineTuned" or "format.fineTuned" =>
                ($"fine-tune on the labeled data and measure on {MeasurementItems} held-out items (crossover tune curve)", Math.Max(0, trainingRun) + (MeasurementItems * tuned.CostPerRequestUsd)),
            "quality.cascade" or "cascade.strongShare" =>
                ($"label {MeasurementItems} production requests as routine or needing the strong model, or evaluate the cascade on them", MeasurementItems * label),
            "style.prompting" or "style.fineTuned" =>
                ("have reviewers rate 50 outputs of each option for voice", 100 * label),
            "traffic.requestsPerMonth" or "traffic.monthlyGrowth" =>
                ("read a month of traffic from the product's analytics", 0),
            "prompted.cacheHitRate" =>
                ($"read cached tokens from a {MeasurementItems}-item eval run (crossover eval)", promptCalls),
            "fineTuned.trainingExamples" or "data.labeledExamples" or "distillation.examples" =>
                ("run a learning curve to see how many examples beat the prompt (crossover tune curve)", Math.Max(0, trainingRun) * 2),
            _ => ($"narrow the estimate of {input}", null),
        };
    }
}
