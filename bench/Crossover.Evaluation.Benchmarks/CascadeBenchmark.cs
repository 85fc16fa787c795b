using System.Diagnostics;
using Crossover.Evaluation.Cascades;

/// <summary>
/// Cascade simulation benchmark (docs/benchmarks.md, "Cascade simulation"): 6 candidates with random but fixed answers
/// on N dev and N test items; every 2- and 3-stage cascade (35) under the confidence, agreement and judge gates, each over
/// a 50-point threshold grid, plus the format gate. Times the calibration on dev alone, then the whole analysis with the
/// test split's intervals and paired comparisons. Best of three rounds.
/// </summary>
internal static class CascadeBenchmark
{
    public static void Run(int items)
    {
        var random = new Random(17);
        string[] names = ["a", "b", "c", "d", "e", "f"];
        StageColumns[] Split() => [.. names.Select((_, c) => Columns(random, items, c))];
        var inputs = new CascadeInputs("bench", "accuracy", [.. names.Select(n => new Crossover.Routing.CascadePlanStage(n, "openai", n))], Split(), Split(), 3, []);
        var options = new CascadeAnalysisOptions();
        double calibrate = double.MaxValue, analyze = double.MaxValue;
        var cascades = 0;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            cascades = CascadeAnalyzer.Calibrate(inputs, options, out _).Count;
            calibrate = Math.Min(calibrate, clock.Elapsed.TotalSeconds);
            clock.Restart();
            CascadeAnalyzer.Analyze(inputs, options, DateTimeOffset.UnixEpoch);
            analyze = Math.Min(analyze, clock.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"cascade: {names.Length} candidates, {items} dev + {items} test items, {cascades} calibrated (cascade, gate) pairs");
        Console.WriteLine($"calibrate on dev: {calibrate:0.000} s; whole analysis with test intervals: {analyze:0.000} s ({Environment.ProcessorCount} cores)");
    }

    /// <summary>Candidate c is right more often and costs more the later it comes; gate scores are noisy signals of being right.</summary>
    private static StageColumns Columns(Random random, int items, int c)
    {
        var columns = new StageColumns(items);
        for (var i = 0; i < items; i++)
        {
            var right = random.NextDouble() < 0.6 + (0.06 * c);
            columns.Score[i] = right ? 1 : 0;
            columns.Compliant[i] = random.NextDouble() < 0.97;
            columns.Cost[i] = 1e-6 * (1 << c) * (0.8 + (0.4 * random.NextDouble()));
            columns.Latency[i] = 200 * (c + 1) * (0.5 + random.NextDouble());
            columns.Confidence[i] = Math.Clamp((right ? 0.75 : 0.45) + (0.25 * (random.NextDouble() - 0.5)), 0, 1);
            columns.Judge[i] = random.NextDouble() < (right ? 0.9 : 0.2) ? 1 : 0;
            columns.CostWithJudge[i] = columns.Cost[i] + (columns.Compliant[i] ? 2e-7 : 0);
            columns.Agreement[i] = right ? random.Next(2, 4) / 3.0 : random.Next(1, 3) / 3.0;
            columns.MajorityScore[i] = columns.Score[i];
            columns.MajorityCompliant[i] = columns.Compliant[i];
            columns.SampledCost[i] = 3 * columns.Cost[i];
            columns.SampledLatency[i] = columns.Latency[i] * 1.2;
        }

        return columns;
    }
}
