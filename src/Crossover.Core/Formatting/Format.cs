using System.Globalization;
using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Input;

namespace Crossover.Core.Formatting;

/// <summary>
/// How money, counts, shares and intervals read for people: one place, so the rules' explanations, the console and the
/// reports say the same figure the same way (a web front end uses it too). Invariant culture throughout.
/// </summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Dollars with the precision the size deserves: whole dollars from $1,000, cents from $1, three significant digits below.</summary>
    /// <param name="value">The amount in USD.</param>
    /// <returns>E.g. <c>$1,234,568</c>, <c>$12.35</c>, <c>$0.00430</c>, <c>−$2,500</c>.</returns>
    public static string Usd(double value)
    {
        // Differences of per-request costs leave floating-point dust like -1e-19: that is zero, not a negative cost.
        if (Math.Abs(value) < 1e-9)
        {
            return "$0";
        }

        var sign = value < 0 ? "−" : "";
        var abs = Math.Abs(value);
        var digits = abs switch
        {
            >= 1_000 => abs.ToString("#,0", Invariant),
            >= 1 => abs.ToString("#,0.00", Invariant),
            _ => abs.ToString("0." + new string('0', Math.Max(2, 2 - (int)Math.Floor(Math.Log10(abs)))), Invariant),
        };
        return $"{sign}${digits}";
    }

    /// <summary>Compact dollars for chart axes.</summary>
    /// <param name="value">The amount in USD.</param>
    /// <returns>E.g. <c>$1.2M</c>, <c>$350k</c>, <c>$12</c>, <c>$0.004</c>.</returns>
    public static string UsdShort(double value)
    {
        var sign = value < 0 ? "−" : "";
        var abs = Math.Abs(value);
        if (abs is > 0 and < 1)
        {
            var decimals = Math.Max(2, 2 - (int)Math.Floor(Math.Log10(abs)));
            return sign + "$" + abs.ToString("0." + new string('#', decimals), Invariant);
        }

        return sign + "$" + Compact(abs);
    }

    /// <summary>A unit price exactly as a catalog states it (USD per 1M tokens, per hour): two to four decimals and no
    /// symbol, because the table or sentence around it names the currency and the unit.</summary>
    /// <param name="value">The price, or null when there is none.</param>
    /// <returns>E.g. <c>0.075</c>, <c>2.50</c>, <c>0.1375</c>; <c>-</c> for null.</returns>
    public static string Rate(double? value) => value is { } price ? price.ToString("0.00##", Invariant) : "-";

    /// <summary>Compact counts.</summary>
    /// <param name="value">The count.</param>
    /// <returns>E.g. <c>5M</c>, <c>250k</c>, <c>1.5B</c>, <c>12</c>.</returns>
    public static string Compact(double value)
    {
        var abs = Math.Abs(value);
        var (scaled, suffix) = abs switch
        {
            >= 1e9 => (value / 1e9, "B"),
            >= 1e6 => (value / 1e6, "M"),
            >= 1e3 => (value / 1e3, "k"),
            _ => (value, ""),
        };
        var text = Math.Abs(scaled) >= 100 ? scaled.ToString("0", Invariant) : scaled.ToString("0.##", Invariant);
        return text + suffix;
    }

    /// <summary>A count of things in a sentence: exact with separators below 10,000, compact from there.</summary>
    /// <param name="value">The count.</param>
    /// <returns>E.g. <c>1,500</c>, <c>29.6k</c>, <c>5M</c>.</returns>
    public static string Count(double value) => Math.Abs(value) >= 10_000 ? Compact(value) : Number(value, 0);

    /// <summary>A plain number with thousands separators and up to <paramref name="decimals"/> decimals.</summary>
    /// <param name="value">The number.</param>
    /// <param name="decimals">The most decimals shown (trailing zeros are dropped).</param>
    /// <returns>E.g. <c>1,234.5</c>.</returns>
    public static string Number(double value, int decimals = 2) =>
        value.ToString("#,0." + new string('#', decimals), Invariant);

    /// <summary>An input's value: compact when large, plain otherwise.</summary>
    /// <param name="value">The value.</param>
    /// <returns>E.g. <c>5M</c>, <c>0.95</c>, <c>260</c>.</returns>
    public static string Quantity(double value) => Math.Abs(value) >= 10_000 ? Compact(value) : Number(value, 4);

    /// <summary>A share or probability as a percentage.</summary>
    /// <param name="share">The share, 0–1.</param>
    /// <returns>E.g. <c>91.2 %</c>.</returns>
    public static string Percent(double share) => (share * 100).ToString("0.#", Invariant) + " %";

    /// <summary>A share with its interval, one percent sign.</summary>
    /// <param name="value">The share.</param>
    /// <param name="low">The interval's low end.</param>
    /// <param name="high">The interval's high end.</param>
    /// <returns>E.g. <c>91 % (88–93 %)</c>.</returns>
    public static string PercentInterval(double value, double low, double high) =>
        $"{Percent(value)} ({(low * 100).ToString("0.#", Invariant)}–{(high * 100).ToString("0.#", Invariant)} %)";

    /// <summary>A difference of two shares in percentage points, signed.</summary>
    /// <param name="difference">The difference of the shares (0.012 is 1.2 points).</param>
    /// <returns>E.g. <c>+1.2</c>, <c>−0.5</c>.</returns>
    public static string Points(double difference) => (difference >= 0 ? "+" : "−") + Math.Abs(difference * 100).ToString("0.0", Invariant);

    /// <summary>A metric's score with its 95 % interval, three decimals, as evaluation tables show it.</summary>
    /// <param name="value">The score.</param>
    /// <param name="low">The interval's low end.</param>
    /// <param name="high">The interval's high end.</param>
    /// <returns>E.g. <c>0.910 [0.880–0.930]</c>.</returns>
    public static string Interval(double value, double low, double high) =>
        string.Create(Invariant, $"{value:0.000} [{low:0.000}–{high:0.000}]");

    /// <summary>The answer in one line, in the names <c>decide --format json</c> uses.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns>E.g. <c>hybrid (fine-tune-plus-prompt), retrieval advised</c>.</returns>
    public static string Answer(DecisionReport decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var text = Names.Kebab(decision.Recommendation);
        if (decision.HybridPattern is { } pattern)
        {
            text += $" ({Names.Kebab(pattern)})";
        }

        if (decision.TuningMethod is { } method)
        {
            text += $", tuning method: {Names.Kebab(method)}";
        }

        return decision.Retrieval ? text + ", retrieval advised" : text;
    }

    /// <summary>The approach as a person says it.</summary>
    /// <param name="approach">The approach.</param>
    /// <returns>E.g. <c>Fine-tuning</c>.</returns>
    public static string Label(Approach approach) => approach switch
    {
        Approach.PromptEngineering => "Prompt engineering",
        Approach.FineTuning => "Fine-tuning",
        Approach.Hybrid => "Hybrid: fine-tuning and prompting",
        _ => approach.ToString(),
    };

    /// <summary>The hybrid pattern as a person says it.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns>E.g. <c>Fine-tune for form, prompt for facts</c>.</returns>
    public static string Label(HybridPattern pattern) => pattern switch
    {
        HybridPattern.FineTunePlusPrompt => "Fine-tune for form, prompt for facts",
        HybridPattern.Cascade => "Cascade: tuned model first, strong prompted model for hard cases",
        HybridPattern.Distillation => "Distillation: the strong model teaches a smaller tuned one",
        _ => pattern.ToString(),
    };

    /// <summary>The tuning method as a person says it.</summary>
    /// <param name="method">The method.</param>
    /// <returns>E.g. <c>LoRA (parameter-efficient)</c>.</returns>
    public static string Label(TuningMethod method) => method switch
    {
        TuningMethod.Lora => "LoRA (parameter-efficient)",
        TuningMethod.Sft => "Supervised fine-tuning",
        TuningMethod.PreferenceTuning => "Preference tuning (DPO)",
        _ => method.ToString(),
    };

    /// <summary>Which way a criterion points, as a person says it.</summary>
    /// <param name="direction">The direction.</param>
    /// <returns>E.g. <c>Prompting</c>.</returns>
    public static string Label(Direction direction) => direction switch
    {
        Direction.PromptEngineering => "Prompting",
        Direction.FineTuning => "Fine-tuning",
        Direction.Retrieval => "Retrieval",
        Direction.Neutral => "Neutral",
        _ => direction.ToString(),
    };
}
