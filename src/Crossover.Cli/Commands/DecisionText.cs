using System.Globalization;
using System.Text;
using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Input;
using Crossover.Reports;
using Spectre.Console;

namespace Crossover.Cli.Commands;

/// <summary>Console table and Markdown renderings of a decision report.</summary>
internal static class DecisionText
{
    public static string Answer(DecisionReport report)
    {
        var text = Names.Kebab(report.Recommendation);
        if (report.HybridPattern is { } pattern)
        {
            text += $" ({Names.Kebab(pattern)})";
        }

        if (report.TuningMethod is { } method)
        {
            text += $", tuning method: {Names.Kebab(method)}";
        }

        return report.Retrieval ? text + ", retrieval advised" : text;
    }

    public static void Table(IAnsiConsole console, DecisionReport report)
    {
        console.Write(new Panel(new Markup(
                $"[bold]{Markup.Escape(Answer(report))}[/]  confidence {report.Confidence:0.00} (chance it is the best feasible option)\n{Markup.Escape(report.Summary)}"))
            .Header(Markup.Escape(report.Profile.Name)));

        var options = new Table().Title($"Options (feasible: P(meets every bar) ≥ {report.FeasibilityThreshold:0.##})").AddColumns("option", "total", "per request", "lead (months)", "P(feasible)", "status", "why");
        foreach (var o in report.Options)
        {
            options.AddRow(Markup.Escape(OptionName(report, o)), o.Cost is { } c ? Usd(c.TotalUsd) : "-", o.Cost is { } r ? Usd(r.CostPerRequestUsd) : "-",
                o.Cost is { } l ? Num(l.LeadTimeMonths) : "-", o.ExcludedBecause is null ? o.FeasibilityProbability.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                Status(o), Markup.Escape(Why(o)));
        }

        console.Write(options);
        if (report.ValueOfInformation.Count > 0)
        {
            var voi = new Table().Title("What to measure next (expected value of perfect information)").AddColumns("input", "worth knowing", "could change the answer", "measurement", "its cost");
            foreach (var v in report.ValueOfInformation)
            {
                voi.AddRow(Markup.Escape(v.Input), Usd(v.EvpiUsd), v.CouldChangeAnswer ? "yes" : "no", Markup.Escape(v.Measurement), v.MeasurementCostUsd is { } cost ? Usd(cost) : "-");
            }

            console.Write(voi);
        }

        var criteria = new Table().Title("Criteria").AddColumns("criterion", "favors", "weight", "entered as", "explanation", "source");
        foreach (var c in report.Criteria)
        {
            criteria.AddRow(Markup.Escape(c.Id), Names.Kebab(c.Favors), c.Weight.ToString("0.00", CultureInfo.InvariantCulture), Names.Kebab(c.Entered), Markup.Escape(c.Explanation), Markup.Escape(ArticleSources.Describe(c.Source)));
        }

        console.Write(criteria);
        if (report.Evidence is { } evidence)
        {
            var measured = new Table().Title($"Measured in run {Markup.Escape(evidence.RunId)} (these replace the profile's values)").AddColumns("field", "profile", "measured", "candidate");
            foreach (var r in report.Replacements)
            {
                measured.AddRow(r.Field, r.ProfileValue is { } before ? Num(before) : "-", Num(r.MeasuredValue), Markup.Escape(r.Candidate));
            }

            console.Write(measured);
        }

        var e = report.Economics;
        var costs = new Table().Title($"Economics over {e.HorizonMonths} months").AddColumns("approach", "model", "per request", "no caching", "upfront", "fixed/month", "total");
        foreach (var o in e.Options)
        {
            costs.AddRow(Names.Kebab(o.Approach), Markup.Escape(o.Model), Usd(o.CostPerRequestUsd), Usd(o.CostPerRequestWithoutCachingUsd), Usd(o.UpfrontUsd), Usd(o.FixedMonthlyUsd), Usd(o.TotalUsd));
        }

        console.Write(costs);
        console.MarkupLine(Markup.Escape($"Break-even: {BreakEven(e)}"));
        if (report.Uncertainty is { } u)
        {
            var rows = new Table().Title("Sensitivity (each range swept alone)").AddColumns("input", "low", "likely", "high", "saving at low", "saving at high", "cheapest flips at", "answer flips at");
            foreach (var r in u.Sensitivity)
            {
                rows.AddRow(r.Input, Num(r.Low), Num(r.Likely), Num(r.High), Usd(r.SavingAtLowUsd), Usd(r.SavingAtHighUsd),
                    r.CheapestFlipsAt is { } c ? Num(c) : "-", r.RecommendationFlipsAt is { } f ? $"{Num(f)} → {r.RecommendationAtFlip}" : "-");
            }

            console.Write(rows);
            console.MarkupLine(Markup.Escape(MonteCarloLine(u.MonteCarlo)));
        }

        console.MarkupLine("[bold]Next steps[/]");
        foreach (var step in report.NextSteps)
        {
            console.MarkupLine(Markup.Escape("• " + step));
        }
    }

    public static string Markdown(DecisionReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {report.Profile.Name}: {Answer(report)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**Confidence** {report.Confidence:0.00} (chance it is the best feasible option). {report.Summary}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Options (feasible: P(meets every bar) ≥ {report.FeasibilityThreshold:0.##})");
        md.AppendLine();
        md.AppendLine("| option | total | per request | lead (months) | P(feasible) | status | why |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var o in report.Options)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {OptionName(report, o)} | {(o.Cost is { } c ? Usd(c.TotalUsd) : "-")} | {(o.Cost is { } r ? Usd(r.CostPerRequestUsd) : "-")} | {(o.Cost is { } l ? Num(l.LeadTimeMonths) : "-")} | {(o.ExcludedBecause is null ? o.FeasibilityProbability.ToString("0.00", CultureInfo.InvariantCulture) : "-")} | {Status(o)} | {Cell(Why(o))} |");
        }

        if (report.ValueOfInformation.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## What to measure next");
            md.AppendLine();
            md.AppendLine("| input | worth knowing (EVPI) | could change the answer | measurement | its cost |");
            md.AppendLine("| --- | --- | --- | --- | --- |");
            foreach (var v in report.ValueOfInformation)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {v.Input} | {Usd(v.EvpiUsd)} | {(v.CouldChangeAnswer ? "yes" : "no")} | {Cell(v.Measurement)} | {(v.MeasurementCostUsd is { } cost ? Usd(cost) : "-")} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Criteria");
        md.AppendLine();
        md.AppendLine("| criterion | favors | weight | entered as | explanation | source |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var c in report.Criteria)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Id} | {Names.Kebab(c.Favors)} | {c.Weight:0.00} | {Names.Kebab(c.Entered)} | {Cell(c.Explanation)} | {Cell(ArticleSources.Describe(c.Source))} |");
        }

        if (report.Evidence is { } evidence)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## Measured in run {evidence.RunId}");
            md.AppendLine();
            md.AppendLine("These measurements replace the profile's values.");
            md.AppendLine();
            md.AppendLine("| field | profile | measured | candidate |");
            md.AppendLine("| --- | --- | --- | --- |");
            foreach (var r in report.Replacements)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Field} | {(r.ProfileValue is { } before ? Num(before) : "-")} | {Num(r.MeasuredValue)} | {Cell(r.Candidate)} |");
            }
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Economics over {report.Economics.HorizonMonths} months");
        md.AppendLine();
        md.AppendLine("| approach | model | per request | without caching | upfront | total |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var o in report.Economics.Options)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {Names.Kebab(o.Approach)} | {Cell(o.Model)} | {Usd(o.CostPerRequestUsd)} | {Usd(o.CostPerRequestWithoutCachingUsd)} | {Usd(o.UpfrontUsd)} | {Usd(o.TotalUsd)} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Break-even: {BreakEven(report.Economics)}");
        if (report.Uncertainty is { } u)
        {
            md.AppendLine();
            md.AppendLine(MonteCarloLine(u.MonteCarlo));
        }

        md.AppendLine();
        md.AppendLine("## Next steps");
        md.AppendLine();
        foreach (var step in report.NextSteps)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {step}");
        }

        return md.ToString();
    }

    private static string OptionName(DecisionReport report, DecisionOption option) =>
        option.Kind == report.RecommendedOption ? option.Title + " (recommended)" : option.Title;

    private static string Status(DecisionOption option) => option.ExcludedBecause is not null ? "ruled out" : option.Feasible ? "feasible" : "not feasible";

    private static string Why(DecisionOption option) =>
        option.ExcludedBecause ?? option.InfeasibleBecause ?? string.Join("; ", option.Checks.Select(c => c.Explanation));

    private static string BreakEven(EconomicsResult e)
    {
        var volume = e.BreakEvenRequestsPerMonth is { } v ? $"{v.ToString("#,0", CultureInfo.InvariantCulture)} requests/month" : e.BreakEvenNote;
        var month = e.BreakEvenMonth is { } m ? $"; fine-tuning is cheaper cumulatively from month {m}" : "; fine-tuning does not catch up within the horizon";
        return volume + month;
    }

    private static string MonteCarloLine(MonteCarloResult mc) =>
        $"Monte Carlo ({mc.Draws:#,0} draws, seed {mc.Seed}): P(prompt engineering cheapest) = {mc.ProbabilityPromptCheapest:0.0%}, P(fine-tuning cheapest) = {mc.ProbabilityFineTuningCheapest:0.0%}";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Usd(double value) => value.ToString(Math.Abs(value) >= 1 ? "$#,0.00" : "$0.######", CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString(Math.Abs(value) >= 100 ? "#,0" : "0.###", CultureInfo.InvariantCulture);
}
