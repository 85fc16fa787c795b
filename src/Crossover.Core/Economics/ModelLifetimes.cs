using System.Globalization;
using Crossover.Core.Catalog;

namespace Crossover.Core.Economics;

/// <summary>
/// Model lifetimes in the economics: when a model (or its fine-tunes) stops answering within the horizon, the option
/// pays a migration in that month — re-tuning on the successor or moving the prompt to it — or is ruled out when
/// the successor cannot be tuned. Pure functions of the catalog and the decision date (docs/catalog.md, "Lifecycle").
/// </summary>
public static class ModelLifetimes
{
    /// <summary>How old a catalog may be at the decision date before <c>decide</c> warns.</summary>
    public const int StaleAfterDays = 90;

    /// <summary>Whether a team can start a fine-tuning job on <paramref name="model"/> on <paramref name="date"/>.</summary>
    /// <param name="model">The base model.</param>
    /// <param name="date">The day the job would start.</param>
    /// <returns>False when the model offers no fine-tuning, the provider no longer takes new jobs, or the model has shut down.</returns>
    public static bool AcceptsNewJobsOn(ModelPrice model, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.FineTuning is { AcceptsNewJobs: true } ft
            && (ft.NewJobsUntil is null || date <= ft.NewJobsUntil)
            && (model.Lifecycle?.Shutdown is null || date < model.Lifecycle.Shutdown);
    }

    /// <summary>The first day the model — or, when <paramref name="tuned"/>, its fine-tunes — no longer answers.</summary>
    /// <param name="model">The model.</param>
    /// <param name="tuned">Whether the fine-tunes' end is asked for (they end with the base unless the catalog says otherwise).</param>
    /// <returns>The day, or null when no end is announced.</returns>
    public static DateOnly? EndOfServing(ModelPrice model, bool tuned)
    {
        ArgumentNullException.ThrowIfNull(model);
        var shutdown = model.Lifecycle?.Shutdown;
        return tuned && model.FineTuning?.ServingUntil is { } servingUntil ? servingUntil.AddDays(1) : shutdown;
    }

    /// <summary>The 1-based horizon month that contains <paramref name="day"/>; month m covers [decision + (m−1) months, decision + m months). Days on or before the decision fall in month 1.</summary>
    /// <param name="decisionDate">The decision's date, the first day of month 1.</param>
    /// <param name="day">The day.</param>
    /// <returns>The month.</returns>
    public static int MonthOf(DateOnly decisionDate, DateOnly day)
    {
        var month = 1;
        while (day >= decisionDate.AddMonths(month))
        {
            month++;
        }

        return month;
    }

    /// <summary>Plans one option's migrations over the horizon.</summary>
    /// <param name="catalog">The catalog (successors are looked up in it).</param>
    /// <param name="modelId">The model the option calls (the base model when <paramref name="tuned"/>).</param>
    /// <param name="tuned">Whether the option calls a fine-tune of the model.</param>
    /// <param name="decisionDate">The day the decision is taken; month 1 starts on it.</param>
    /// <param name="horizonMonths">Months the economics total.</param>
    /// <param name="effort">What one migration takes.</param>
    /// <returns>The plan: migrations in month order, or the reason the option is ruled out.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> is not in the catalog.</exception>
    public static LifetimePlan Plan(PriceCatalog catalog, string modelId, bool tuned, DateOnly decisionDate, int horizonMonths, MigrationEffort effort)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(effort);
        ArgumentOutOfRangeException.ThrowIfNegative(horizonMonths);
        var current = catalog.FindModel(modelId) ?? throw new ArgumentException($"model '{modelId}' is not in the catalog", nameof(modelId));
        LifetimePlan Out(string reason) => new(modelId, tuned, [], reason);

        if (tuned && Exclusion(current, decisionDate) is { } excluded)
        {
            return Out(excluded);
        }

        var migrations = new List<Migration>();
        var horizonEnd = decisionDate.AddMonths(horizonMonths);
        while (EndOfServing(current, tuned) is { } end && end < horizonEnd)
        {
            var month = MonthOf(decisionDate, end);
            var what = tuned ? $"fine-tunes of {current.Id} stop answering" : $"{current.Id} stops answering";
            var when = $"on {Day(end)} (month {month})";
            if (current.Lifecycle?.Successor is not { } successorId)
            {
                return Out($"{what} {when} and the catalog names no successor");
            }

            var next = catalog.FindModel(successorId);
            if (next is null)
            {
                return Out($"{what} {when} and its successor '{successorId}' is not in the catalog");
            }

            if (next.Id.Equals(modelId, StringComparison.OrdinalIgnoreCase) || migrations.Any(m => m.To.Id.Equals(next.Id, StringComparison.OrdinalIgnoreCase)))
            {
                return Out($"the catalog's successors of {modelId} go round in a circle at {next.Id}");
            }

            if (tuned)
            {
                var jobDay = decisionDate.AddMonths(month - 1);
                if (!AcceptsNewJobsOn(next, jobDay))
                {
                    var why = next.FineTuning is null ? $"the catalog lists no fine-tuning for its successor {next.Id}" : $"its successor {next.Id} takes no new fine-tuning jobs on {Day(jobDay)}";
                    return Out($"{what} {when} and {why}");
                }

                migrations.Add(new Migration(month, end, current.Id, next, MigrationKind.Retune,
                    effort.TrainingTokens / 1e6 * next.FineTuning!.Training, effort.RetuneEngineeringUsd));
            }
            else
            {
                migrations.Add(new Migration(month, end, current.Id, next, MigrationKind.PromptPort, 0, effort.PromptPortEngineeringUsd));
            }

            current = next;
        }

        return new LifetimePlan(modelId, tuned, migrations, null);
    }

    /// <summary>
    /// An option's monthly running costs with its plan applied: from each migration's month on, the volume is priced at
    /// the successor's per-request cost instead of the first model's, and the migration's one-off cost is added in its month.
    /// </summary>
    /// <param name="monthlyUsd">The option's running cost per month, computed on its first model.</param>
    /// <param name="requestsPerMonth">Each month's requests.</param>
    /// <param name="perRequestUsd">One request's cost on the first model, as included in <paramref name="monthlyUsd"/>.</param>
    /// <param name="plan">The option's plan (not ruled out).</param>
    /// <param name="perRequestUsdOn">One request's cost on a successor, called as the option calls it (tuned or prompted prices).</param>
    /// <returns>The adjusted monthly costs.</returns>
    /// <exception cref="ArgumentException">The plan rules the option out, or the series differ in length.</exception>
    public static double[] MonthlyWithMigrations(
        IReadOnlyList<double> monthlyUsd, IReadOnlyList<double> requestsPerMonth, double perRequestUsd, LifetimePlan plan, Func<ModelPrice, double> perRequestUsdOn)
    {
        ArgumentNullException.ThrowIfNull(monthlyUsd);
        ArgumentNullException.ThrowIfNull(requestsPerMonth);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(perRequestUsdOn);
        if (plan.RuledOut is { } reason)
        {
            throw new ArgumentException($"the option is ruled out: {reason}", nameof(plan));
        }

        if (monthlyUsd.Count != requestsPerMonth.Count)
        {
            throw new ArgumentException($"{monthlyUsd.Count} monthly costs but {requestsPerMonth.Count} monthly volumes", nameof(requestsPerMonth));
        }

        var result = monthlyUsd.ToArray();
        var current = perRequestUsd;
        var next = 0;
        for (var m = 0; m < result.Length; m++)
        {
            while (next < plan.Migrations.Count && plan.Migrations[next].Month == m + 1)
            {
                current = perRequestUsdOn(plan.Migrations[next].To);
                result[m] += plan.Migrations[next].OneOffUsd;
                next++;
            }

            result[m] += (current - perRequestUsd) * requestsPerMonth[m];
        }

        return result;
    }

    /// <summary>Why a fine-tune of <paramref name="baseModel"/> cannot be started on the decision's date, or null when it can.</summary>
    /// <param name="baseModel">The base model.</param>
    /// <param name="decisionDate">The decision's date.</param>
    /// <returns>The reason, naming the provider's dated note or cut-off.</returns>
    public static string? Exclusion(ModelPrice baseModel, DateOnly decisionDate)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        if (AcceptsNewJobsOn(baseModel, decisionDate))
        {
            return null;
        }

        var ft = baseModel.FineTuning;
        var detail = ft switch
        {
            null => "the catalog lists no fine-tuning for it",
            { NewJobsUntil: { } until } when decisionDate > until => $"{baseModel.Provider} took new jobs until {Day(until)}",
            { AcceptsNewJobs: false } => ft.Availability ?? $"{baseModel.Provider} takes no new jobs",
            _ => $"it shut down on {Day(baseModel.Lifecycle!.Shutdown!.Value)}",
        };
        return $"fine-tuning {baseModel.Id} is not possible on {Day(decisionDate)}: {detail}";
    }

    /// <summary>What <c>decide</c> should warn about: a stale catalog, and every used model that has ended, ends within the horizon, cannot be tuned, or has unconfirmed prices.</summary>
    /// <param name="catalog">The catalog in use.</param>
    /// <param name="decisionDate">The decision's date.</param>
    /// <param name="horizonMonths">Months the economics total.</param>
    /// <param name="used">The models the options call, each with whether it is called as a fine-tune.</param>
    /// <returns>One sentence per warning, in the order found.</returns>
    public static IReadOnlyList<string> Warnings(PriceCatalog catalog, DateOnly decisionDate, int horizonMonths, IEnumerable<(string ModelId, bool Tuned)> used)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(used);
        var warnings = new List<string>();
        var age = decisionDate.DayNumber - catalog.Date.DayNumber;
        if (age > StaleAfterDays)
        {
            warnings.Add($"the price catalog is dated {Day(catalog.Date)}, {age} days before the decision ({Day(decisionDate)}): prices and model lifetimes may have changed; refresh it (docs/catalog.md) or layer a newer one with --catalog FILE");
        }

        var horizonEnd = decisionDate.AddMonths(horizonMonths);
        foreach (var (id, tuned) in used.Distinct())
        {
            if (catalog.FindModel(id) is not { } model)
            {
                continue;
            }

            var what = tuned ? $"fine-tunes of {model.Id}" : model.Id;
            var successor = model.Lifecycle?.Successor is { } s ? $"; successor: {s}" : "; the catalog names no successor";
            var source = model.Lifecycle is { } life ? $" ({life.Source})" : string.Empty;
            if (EndOfServing(model, tuned) is { } end)
            {
                if (end <= decisionDate)
                {
                    warnings.Add($"{what} stopped answering on {Day(end)}, before the decision{source}{successor}");
                }
                else if (end < horizonEnd)
                {
                    warnings.Add($"{what} stop{(tuned ? string.Empty : "s")} answering on {Day(end)}, in month {MonthOf(decisionDate, end)} of the {horizonMonths}-month horizon{source}{successor}");
                }
            }

            if (tuned && Exclusion(model, decisionDate) is { } excluded)
            {
                warnings.Add(excluded);
            }

            if (model.Unconfirmed is { } why)
            {
                warnings.Add($"the prices of {model.Id} are unconfirmed: {why}");
            }
        }

        return warnings;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
