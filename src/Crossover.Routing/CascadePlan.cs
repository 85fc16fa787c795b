using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crossover.Routing;

/// <summary>
/// A cascade as <c>crossover cascade RUN --export cascade.json</c> writes it: the stages cheapest first, the gate and the
/// threshold calibrated on the run's dev split, and what it measured on the test split. <see cref="CascadeChatClient"/>
/// takes its gate, threshold, samples and labels; the application supplies one <c>IChatClient</c> per stage.
/// </summary>
/// <param name="Name">The cascade's name, e.g. <c>nano&gt;mini@confidence</c>.</param>
/// <param name="RunId">The run it was measured on.</param>
/// <param name="Gate">The gate between stages.</param>
/// <param name="Threshold">The gate's threshold (null for the format gate).</param>
/// <param name="Samples">Samples per earlier stage for the agreement gate (the run's repeats); 1 otherwise.</param>
/// <param name="Labels">The task's labels, for the format check of a classification task (empty otherwise).</param>
/// <param name="Stages">The stages, cheapest first; the last always answers.</param>
public sealed record CascadePlan(
    string Name,
    string RunId,
    CascadeGate Gate,
    double? Threshold,
    int Samples,
    IReadOnlyList<string> Labels,
    IReadOnlyList<CascadePlanStage> Stages)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>What the analysis measured on the test split, when the plan came from one.</summary>
    public CascadePlanMeasurement? Measured { get; init; }

    /// <summary>Reads a plan file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="InvalidDataException">The file is not a cascade plan; the message names the file and the field.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CascadePlan Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses a plan.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="InvalidDataException">The text is not a valid plan.</exception>
    public static CascadePlan Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        CascadePlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<CascadePlan>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not a cascade plan ({ex.Message}); write one with 'crossover cascade RUN --export {source}'", ex);
        }

        if (plan?.Stages is not { Count: >= 2 } || plan.Stages.Any(s => s is null || string.IsNullOrEmpty(s.Candidate)))
        {
            throw new InvalidDataException($"{source}: stages: a cascade needs at least two named stages");
        }

        if (plan.Gate != CascadeGate.Format && plan.Threshold is null)
        {
            throw new InvalidDataException($"{source}: threshold: the {plan.Gate.ToString().ToLowerInvariant()} gate needs a threshold");
        }

        if (plan.Samples < 1)
        {
            throw new InvalidDataException($"{source}: samples: must be at least 1");
        }

        return plan with { Labels = plan.Labels ?? [] };
    }

    /// <summary>The plan as indented JSON (camelCase, gate as a lower-case word).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
