using System.Globalization;
using System.Text.Json;
using Crossover.Core.Decisions;
using Crossover.Core.Economics;

namespace Crossover.Reports;

/// <summary>How numbers and enum values read in a report: one place so every section says money and volume the same way.</summary>
internal static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Dollars with the precision the size deserves: whole dollars for totals, three significant digits for fractions of a cent.</summary>
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

    /// <summary>Compact dollars for chart axes: $1.2M, $350k, $12.</summary>
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

    /// <summary>Compact counts: 5M, 250k, 1.5B.</summary>
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

    /// <summary>A plain number with thousands separators and up to <paramref name="decimals"/> decimals.</summary>
    public static string Number(double value, int decimals = 2) =>
        value.ToString("#,0." + new string('#', decimals), Invariant);

    /// <summary>An input's value: compact when large (5M), plain otherwise (0.95, 260).</summary>
    public static string Quantity(double value) => Math.Abs(value) >= 10_000 ? Compact(value) : Number(value, 4);

    /// <summary>A share as a percentage.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.#", Invariant) + " %";

    /// <summary>A share with its interval, one percent sign: <c>91 % (88–93 %)</c>.</summary>
    public static string PercentInterval(double value, double low, double high) =>
        $"{Percent(value)} ({(low * 100).ToString("0.#", Invariant)}–{(high * 100).ToString("0.#", Invariant)} %)";

    /// <summary>The kebab-case name <c>decide --format json</c> uses for an enum value, e.g. <c>fine-tuning</c>.</summary>
    public static string Kebab<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>The answer in one line, in the names <c>decide --format json</c> uses: <c>hybrid (fine-tune-plus-prompt), retrieval advised</c>.</summary>
    public static string Answer(DecisionReport decision)
    {
        var text = Kebab(decision.Recommendation);
        if (decision.HybridPattern is { } pattern)
        {
            text += $" ({Kebab(pattern)})";
        }

        if (decision.TuningMethod is { } method)
        {
            text += $", tuning method: {Kebab(method)}";
        }

        return decision.Retrieval ? text + ", retrieval advised" : text;
    }

    /// <summary>The approach as a person says it.</summary>
    public static string Label(Approach approach) => approach switch
    {
        Approach.PromptEngineering => "Prompt engineering",
        Approach.FineTuning => "Fine-tuning",
        Approach.Hybrid => "Hybrid: fine-tuning and prompting",
        _ => approach.ToString(),
    };

    /// <summary>The hybrid pattern as a person says it.</summary>
    public static string Label(HybridPattern pattern) => pattern switch
    {
        HybridPattern.FineTunePlusPrompt => "Fine-tune for form, prompt for facts",
        HybridPattern.Cascade => "Cascade: tuned model first, strong prompted model for hard cases",
        HybridPattern.Distillation => "Distillation: the strong model teaches a smaller tuned one",
        _ => pattern.ToString(),
    };

    /// <summary>The tuning method as a person says it.</summary>
    public static string Label(TuningMethod method) => method switch
    {
        TuningMethod.Lora => "LoRA (parameter-efficient)",
        TuningMethod.Sft => "Supervised fine-tuning",
        TuningMethod.PreferenceTuning => "Preference tuning (DPO)",
        _ => method.ToString(),
    };

    /// <summary>Which way a criterion points, as a person says it.</summary>
    public static string Label(Direction direction) => direction switch
    {
        Direction.PromptEngineering => "Prompting",
        Direction.FineTuning => "Fine-tuning",
        Direction.Retrieval => "Retrieval",
        Direction.Neutral => "Neutral",
        _ => direction.ToString(),
    };
}
