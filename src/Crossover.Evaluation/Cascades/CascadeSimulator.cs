namespace Crossover.Evaluation.Cascades;

/// <summary>
/// Replays a cascade over a split's stored answers: an earlier stage's answer is accepted when it passed the format
/// check and its gate score is at least the threshold (a missing score escalates); the last stage always answers.
/// Every stage an item reaches is paid for and waited for.
/// </summary>
internal static class CascadeSimulator
{
    /// <summary>Summed quality and cost over the items: the inner loop of calibration, no allocation.</summary>
    public static (double Quality, double Cost) Totals(GatedStage[] earlier, GatedStage last, double threshold)
    {
        double quality = 0, cost = 0;
        var items = last.Score.Length;
        for (var i = 0; i < items; i++)
        {
            var answered = false;
            foreach (var stage in earlier)
            {
                cost += stage.Cost[i];
                if (stage.Compliant[i] && (stage.Gate is null || stage.Gate[i] >= threshold))
                {
                    quality += stage.Score[i];
                    answered = true;
                    break;
                }
            }

            if (!answered)
            {
                cost += last.Cost[i];
                quality += last.Score[i];
            }
        }

        return (quality, cost);
    }

    /// <summary>Per item: which stage answered (0-based), its score and format compliance, the cost and latency of every stage reached.</summary>
    public static ItemRoutes Route(GatedStage[] earlier, GatedStage last, double threshold)
    {
        var items = last.Score.Length;
        var routing = new ItemRoutes(new int[items], new double[items], new bool[items], new double[items], new double[items]);
        for (var i = 0; i < items; i++)
        {
            double cost = 0, latency = 0;
            var answeredBy = earlier.Length;
            for (var s = 0; s < earlier.Length; s++)
            {
                var stage = earlier[s];
                cost += stage.Cost[i];
                latency += stage.Latency[i];
                if (stage.Compliant[i] && (stage.Gate is null || stage.Gate[i] >= threshold))
                {
                    answeredBy = s;
                    break;
                }
            }

            var answer = answeredBy < earlier.Length ? earlier[answeredBy] : last;
            if (answeredBy == earlier.Length)
            {
                cost += last.Cost[i];
                latency += last.Latency[i];
            }

            routing.Stage[i] = answeredBy;
            routing.Score[i] = answer.Score[i];
            routing.Compliant[i] = answer.Compliant[i];
            routing.Cost[i] = cost;
            routing.Latency[i] = latency;
        }

        return routing;
    }

    /// <summary>A cascade's per-item outcome on one split.</summary>
    internal sealed record ItemRoutes(int[] Stage, double[] Score, bool[] Compliant, double[] Cost, double[] Latency);
}
