using System.Globalization;
using Crossover.Evaluation.Cascades;
using Crossover.Evaluation.Metrics;
using Crossover.Evaluation.Results;
using Crossover.Reports.Charts;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>
/// The evaluation run as evidence: quality with intervals, quality against cost with the Pareto frontier, latency,
/// format compliance and consistency, pairwise significance, and where the tokens go.
/// </summary>
internal sealed class EvaluationSection : IReportSection
{
    public string Id => "evaluation";

    public string Title => "Evaluation run";

    public bool AppliesTo(ReportContext context) => context.Run is { Candidates.Count: > 0 };

    public void Write(ReportContext context, IReportWriter writer)
    {
        var run = context.Run!;
        writer.Paragraph($"Run {run.RunId} ('{run.Name}', started {run.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC): {run.Candidates.Count} candidates on the same items, primary metric {run.Primary}.");
        writer.Chart(EvaluationCharts.QualityIntervals(run, context.Decision.Profile.Quality.Bar.Likely));
        writer.Table(CandidateTable(run));
        if (run.Judge is { } judge)
        {
            var cost = judge.CostUsd is { } usd ? Format.Usd(usd) : "no catalog price";
            writer.Note($"Judge {judge.Model}: {Format.Number(judge.Calls, 0)} calls answered by the provider over the run (cache hits excluded), {cost}; not in the candidates' cost per 1,000. 'Judge errors' are answers the judge gave no score, left out of the judge metric.");
        }

        var frontier = ParetoFrontier.Of(run.Candidates, c => c.CostPer1kUsd, c => c.Metrics.TryGetValue(run.Primary, out var metric) ? metric.Value : null);
        if (frontier.Count > 0)
        {
            writer.Chart(EvaluationCharts.QualityVersusCost(run, frontier));
        }

        if (run.Comparisons.Count > 0)
        {
            writer.Subheading("Which differences are real");
            writer.Table(new ReportTable(
                ["Comparison", $"Difference in {run.Primary}, points (95 %)", "p (test)", "Verdict", "Items (needed)"],
                run.Comparisons.Select(c => (IReadOnlyList<Cell>)
                [
                    $"{c.First} vs {c.Second}",
                    $"{Points(c.Result.Difference)} pts ({Points(c.Result.Low)} to {Points(c.Result.High)})",
                    (c.Result.PValue < 0.001 ? "< 0.001" : c.Result.PValue.ToString("0.000", CultureInfo.InvariantCulture)) + $" ({c.Result.Test})",
                    new Cell(c.Verdict, c.Result.Significant ? Tone.Good : Tone.Neutral),
                    c.Result.ItemsNeeded is { } needed ? $"{c.Result.Items} ({Format.Number(needed, 0)})" : Format.Number(c.Result.Items, 0),
                ]).ToList(),
                new HashSet<int> { 1, 4 }));
            writer.Note("A winner is named only when p < 0.05. 'Items needed' is how many shared items would detect the observed difference with 80 % power.");
        }

        writer.Chart(EvaluationCharts.Tokens(run));
    }

    private static ReportTable CandidateTable(RunReport run)
    {
        var hasConsistency = run.Metrics.Contains(MetricNames.Consistency) && run.Primary != MetricNames.Consistency;
        var headers = new List<string> { "Candidate (model)", $"{run.Primary} (95 %)", "Format compliance (95 %)" };
        if (hasConsistency)
        {
            headers.Add("Consistency");
        }

        headers.AddRange(["Latency p50 / p95", "USD per 1,000", "Items (errors)"]);
        var hasJudge = run.Candidates.Any(c => c.Metrics.ContainsKey(MetricNames.Judge));
        if (hasJudge)
        {
            headers.Add("Judge errors");
        }

        var rows = run.Candidates.Select(c =>
        {
            var row = new List<Cell>
            {
                $"{c.Name} ({c.Model})",
                c.Metrics.TryGetValue(run.Primary, out var primary) ? WithInterval(primary) : "-",
                WithInterval(c.FormatCompliance),
            };
            if (hasConsistency)
            {
                row.Add(c.Metrics.TryGetValue(MetricNames.Consistency, out var consistency) ? Format.Percent(consistency.Value) : "-");
            }

            row.Add($"{Format.Number(c.LatencyMs.P50, 0)} / {Format.Number(c.LatencyMs.P95, 0)} ms");
            row.Add(c.CostPer1kUsd is { } cost ? Format.Usd(cost) : "no price");
            row.Add(new Cell($"{Format.Number(c.Items, 0)} ({Format.Number(c.Errors, 0)})", c.Errors > 0 ? Tone.Warning : Tone.None));
            if (hasJudge)
            {
                row.Add(new Cell(Format.Number(c.JudgeErrors, 0), c.JudgeErrors > 0 ? Tone.Warning : Tone.None));
            }

            return (IReadOnlyList<Cell>)row;
        }).ToList();
        var numeric = Enumerable.Range(1, headers.Count - 1).ToHashSet();
        return new ReportTable(headers, rows, numeric);
    }

    private static string WithInterval(MetricResult metric) => Format.PercentInterval(metric.Value, metric.Low, metric.High);

    private static string Points(double difference) =>
        (difference >= 0 ? "+" : "−") + (Math.Abs(difference) * 100).ToString("0.0", CultureInfo.InvariantCulture);
}
