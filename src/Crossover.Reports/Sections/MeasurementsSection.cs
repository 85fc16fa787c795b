using Crossover.Core.Evidence;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>The measurements the decision used in place of the profile's guesses: each candidate's figures and every value replaced.</summary>
internal sealed class MeasurementsSection : IReportSection
{
    public string Id => "measurements";

    public string Title => "Measurements used";

    public bool AppliesTo(ReportContext context) => context.Decision.Evidence is not null || context.Decision.Replacements.Count > 0;

    public void Write(ReportContext context, IReportWriter writer)
    {
        var decision = context.Decision;
        if (decision.Evidence is { } evidence)
        {
            writer.Paragraph($"From evaluation run {evidence.RunId}.");
            var candidates = new[] { ("Prompted", evidence.Prompted), ("Fine-tuned", evidence.FineTuned) }
                .Where(c => c.Item2 is not null)
                .Select(c => Row(c.Item1, c.Item2!))
                .ToList();
            if (candidates.Count > 0)
            {
                writer.Table(new ReportTable(
                    ["Stands for", "Candidate", "Model", "Quality (95 % interval)", "Format compliance", "Tokens in / cached / out", "p95 latency", "Items"],
                    candidates, new HashSet<int> { 3, 4, 5, 6, 7 }));
            }

            if (evidence.Prompted is { } prompted && context.Optimized.FirstOrDefault(o => o.Candidate == prompted.Candidate) is { } optimized)
            {
                writer.Paragraph(
                    $"The prompted candidate {optimized.Candidate} is the prompt crossover optimize found ({optimized.OptimizationId}), starting from {optimized.From}: " +
                    $"{Format.Number(optimized.DevScore, 3)} [{Format.Number(optimized.DevLow, 3)}, {Format.Number(optimized.DevHigh, 3)}] on {Format.Number(optimized.DevItems, 0)} dev items " +
                    $"against {Format.Number(optimized.StartDevScore, 3)} for the prompt it started from ({(optimized.DevScore - optimized.StartDevScore >= 0 ? "+" : string.Empty)}{Format.Number(optimized.DevScore - optimized.StartDevScore, 3)}). " +
                    "The dev score was selected on those items; the quality above is measured on the test split.");
            }
            else if (evidence.Prompted is not null)
            {
                writer.Paragraph("The prompted candidate's prompt was not optimized (crossover optimize searches instructions and demonstrations on the dev split first).");
            }
        }

        if (decision.Replacements.Count > 0)
        {
            writer.Subheading("Profile values replaced by measurements");
            writer.Table(new ReportTable(
                ["Field", "Profile said", "Measured", "Candidate"],
                decision.Replacements.Select(r => (IReadOnlyList<Cell>)
                [
                    r.Field,
                    r.ProfileValue is { } p ? Format.Number(p, 4) : "(not given)",
                    Format.Number(r.MeasuredValue, 4),
                    r.Candidate,
                ]).ToList(),
                new HashSet<int> { 1, 2 }));
        }
    }

    private static IReadOnlyList<Cell> Row(string role, MeasuredCandidate c) =>
    [
        role,
        c.Candidate,
        c.Model,
        c.Quality is { } q ? (c.QualityLow is { } low && c.QualityHigh is { } high ? Format.PercentInterval(q, low, high) : Format.Percent(q)) : "-",
        c.FormatCompliance is { } f ? Format.Percent(f) : "-",
        $"{Tokens(c.InputTokensPerRequest)} / {Tokens(c.CachedTokensPerRequest)} / {Tokens(c.OutputTokensPerRequest)}",
        c.LatencyP95Ms is { } l ? $"{Format.Number(l, 0)} ms" : "-",
        Format.Number(c.Items, 0),
    ];

    private static string Tokens(double? value) => value is { } v ? Format.Number(v, 0) : "-";
}
