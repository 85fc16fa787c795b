namespace Crossover.Evaluation.Metrics;

/// <summary>The names of the built-in metrics, as written in an experiment's <c>metrics:</c> and stored in a record's scores.</summary>
public static class MetricNames
{
    /// <summary>Share of items whose parsed label is the reference label (classification).</summary>
    public const string Accuracy = "accuracy";

    /// <summary>Unweighted mean of per-class F1 over the reference classes (classification).</summary>
    public const string MacroF1 = "macro-f1";

    /// <summary>Share of answers equal to the reference after normalization.</summary>
    public const string ExactMatch = "exact-match";

    /// <summary>Share of outputs that parsed and validated in the expected format (always measured).</summary>
    public const string FormatCompliance = "format-compliance";

    /// <summary>Share of an item's repeats that agree with its most common answer.</summary>
    public const string Consistency = "consistency";

    /// <summary>SQuAD token-level F1 against the reference.</summary>
    public const string TokenF1 = "token-f1";

    /// <summary>Character n-gram F-score (chrF, β = 2) against the reference.</summary>
    public const string ChrF = "chrf";

    /// <summary>Share of predicted JSON fields that are right (extraction).</summary>
    public const string FieldPrecision = "field-precision";

    /// <summary>Share of reference JSON fields that were found (extraction).</summary>
    public const string FieldRecall = "field-recall";

    /// <summary>F1 of field precision and recall (extraction).</summary>
    public const string FieldF1 = "field-f1";

    /// <summary>Share of outputs that are JSON satisfying the task's outputSchema (extraction).</summary>
    public const string SchemaValidity = "schema-validity";

    /// <summary>Share of raw outputs matching <c>task.regex</c>.</summary>
    public const string Regex = "regex";

    /// <summary>Share of raw outputs containing <c>task.contains</c>.</summary>
    public const string Contains = "contains";

    /// <summary>The judge model's grade, scaled to 0–1.</summary>
    public const string Judge = "judge";
}
