using System.Text.Json;
using System.Text.Json.Serialization;
using Crossover.Core.Input;
using Crossover.Routing;

namespace Crossover.Evaluation.Cascades;

/// <summary>
/// A run's cascade analysis (<c>crossover cascade RUN</c>): every option measured on the test split with thresholds
/// calibrated on the dev split, the Pareto frontier, and the recommended option. Stored in the run store with its run.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="CreatedAt">When the analysis was made.</param>
/// <param name="Metric">The per-item quality metric (the run's primary metric; accuracy when that is macro-F1).</param>
/// <param name="DevItems">Items calibrated on.</param>
/// <param name="TestItems">Items reported on.</param>
/// <param name="Strongest">The single candidate with the best dev quality, which every option is compared with.</param>
/// <param name="Objective">What thresholds were calibrated for.</param>
/// <param name="Options">Single candidates first, then cascades.</param>
/// <param name="Frontier">Names of the options on the quality/cost Pareto frontier, cheapest first.</param>
/// <param name="Recommended">The recommended option's name, or null when none meets the objective.</param>
/// <param name="Recommendation">Why that option (or why none), one sentence.</param>
/// <param name="Candidates">The run's candidates as stages (provider and model), for exporting a plan.</param>
/// <param name="Labels">The task's labels (classification), for the exported format check.</param>
/// <param name="Repeats">The run's repeats: the agreement gate's samples.</param>
public sealed record CascadeAnalysis(
    string RunId,
    DateTimeOffset CreatedAt,
    string Metric,
    int DevItems,
    int TestItems,
    string Strongest,
    CascadeObjective Objective,
    IReadOnlyList<CascadeOption> Options,
    IReadOnlyList<string> Frontier,
    string? Recommended,
    string Recommendation,
    IReadOnlyList<CascadePlanStage> Candidates,
    IReadOnlyList<string> Labels,
    int Repeats)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The analysis as JSON (how the run store keeps it).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads an analysis stored with <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The analysis.</returns>
    public static CascadeAnalysis FromJson(string json) => JsonSerializer.Deserialize<CascadeAnalysis>(json, Json)!;

    /// <summary>An option by name (case-insensitive).</summary>
    /// <param name="name">The option's name.</param>
    /// <returns>The option.</returns>
    /// <exception cref="InputException">No such option; the hint lists the frontier and the recommendation.</exception>
    public CascadeOption Option(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException($"the cascade analysis of run '{RunId}' has no option '{name}'", hint:
                $"options on the frontier: {string.Join(", ", Frontier)}" + (Recommended is null ? string.Empty : $"; recommended: {Recommended}"));
    }

    /// <summary>The plan <see cref="CascadeChatClient"/> runs for a cascade option (<c>--export</c>).</summary>
    /// <param name="name">The option's name.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="InputException">No such option, or it is a single candidate.</exception>
    public CascadePlan ToPlan(string name)
    {
        var option = Option(name);
        if (!option.IsCascade)
        {
            throw new InputException($"'{option.Name}' is a single candidate, not a cascade, so there is nothing to export", hint: "name a cascade with --cascade, e.g. one on the frontier: " + string.Join(", ", Frontier.Where(f => f.Contains('>', StringComparison.Ordinal))));
        }

        var stages = option.Stages.Select(s => Candidates.First(c => c.Candidate == s)).ToList();
        return new CascadePlan(option.Name, RunId, option.Gate, option.Threshold, option.Gate == CascadeGate.Agreement ? Repeats : 1, Labels, stages)
        {
            Measured = new CascadePlanMeasurement(Metric, option.Quality.Value, option.Quality.Low, option.Quality.High, option.CostPer1kUsd, option.Items),
        };
    }
}
