using System.Text.Json;
using Crossover.Core.Input;

namespace Crossover.Evaluation.Curves;

/// <summary>
/// How quality grows with fine-tuning data: one adapter per training-set size, each scored on the same test items, against
/// the best prompting candidate (docs/learning-curve.md).
/// </summary>
/// <param name="RunId">The evaluation run holding every size's records (candidate <c>curve-N</c>).</param>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Metric">The primary metric the curve plots.</param>
/// <param name="BaseModel">The local base model folder that was fine-tuned.</param>
/// <param name="TrainSplitSize">Examples in the experiment's train split (the largest size possible).</param>
/// <param name="Points">One point per size, smallest first.</param>
/// <param name="Baseline">The best prompting candidate, when one was measured or named.</param>
/// <param name="CostPerLabelUsd">USD to label one example, when given: labeling cost = size × this.</param>
/// <param name="CreatedAt">When the curve was measured.</param>
public sealed record LearningCurve(
    string RunId,
    string Experiment,
    string Metric,
    string BaseModel,
    int TrainSplitSize,
    IReadOnlyList<CurvePoint> Points,
    CurveBaseline? Baseline,
    double? CostPerLabelUsd,
    DateTimeOffset CreatedAt)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The smallest size whose interval clears the baseline (see <see cref="FindClearingSize"/>); null when none does or there is no baseline.</summary>
    public int? ClearingSize => FindClearingSize(Points, Baseline);

    /// <summary>
    /// The clearing rule: the smallest size whose 95 % interval's lower bound lies above the baseline's point estimate,
    /// i.e. a size at which the tuned model is better than prompting with 97.5 % one-sided confidence against that estimate.
    /// </summary>
    /// <param name="points">The curve's points.</param>
    /// <param name="baseline">The baseline, or null.</param>
    /// <returns>The size, or null when none clears it (or there is no baseline).</returns>
    public static int? FindClearingSize(IReadOnlyList<CurvePoint> points, CurveBaseline? baseline)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (baseline is null)
        {
            return null;
        }

        return points.OrderBy(p => p.Examples).FirstOrDefault(p => p.Quality.Low > baseline.Quality.Value)?.Examples;
    }

    /// <summary>The curve as camelCase JSON (the shape <c>--out</c> writes and the run store keeps).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a curve written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The file or run it came from, for error messages.</param>
    /// <returns>The curve.</returns>
    /// <exception cref="InputException">The text is not a learning curve.</exception>
    public static LearningCurve FromJson(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var curve = JsonSerializer.Deserialize<LearningCurve>(json, JsonOptions);
            if (curve?.Points is null || curve.RunId is null || curve.Metric is null)
            {
                throw new InputException("not a learning curve (no runId, metric or points)", source, hint: "write one with 'crossover tune curve … --out FILE'");
            }

            return curve;
        }
        catch (JsonException ex)
        {
            throw new InputException($"not a learning curve: {ex.Message}", source, hint: "write one with 'crossover tune curve … --out FILE'");
        }
    }
}
