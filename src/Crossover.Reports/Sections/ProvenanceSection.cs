using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Crossover.Core.Profiles;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>Where every figure came from: catalog date, each price with its source, the profile as read, tool version, run id.</summary>
internal sealed class ProvenanceSection : IReportSection
{
    private static readonly JsonSerializerOptions ProfileJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string Id => "provenance";

    public string Title => "Provenance";

    public bool AppliesTo(ReportContext context) => true;

    public void Write(ReportContext context, IReportWriter writer)
    {
        var decision = context.Decision;
        writer.Table(new ReportTable(
            ["Fact", "Value"],
            [
                ["Price catalog date", decision.CatalogDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)],
                ["Crossover version", context.ToolVersion],
                ["Evaluation run", decision.Evidence?.RunId ?? "none: the profile's own estimates were used"],
                ["Profile file", context.ProfilePath ?? "(given in memory)"],
                ["Report generated", context.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)],
            ]));

        writer.Subheading("Every price used");
        writer.Table(new ReportTable(
            ["Item", "Price", "Unit", "Source"],
            decision.Economics.Prices.Select(p => (IReadOnlyList<Cell>)[p.Item, Format.Number(p.Value, 4), p.Unit, p.Source]).ToList(),
            new HashSet<int> { 1 }));

        writer.Subheading("The profile as read");
        writer.Note("After defaults were filled in and any measurements replaced estimates; ranges show as likely (low–high).");
        writer.Preformatted(ProfileText(decision.Profile));
    }

    /// <summary>The profile as indented <c>field: value</c> lines, estimates written as <c>likely (low–high)</c>.</summary>
    public static string ProfileText(UseCaseProfile profile)
    {
        var node = JsonSerializer.SerializeToNode(profile, ProfileJson)!;
        var text = new StringBuilder();
        Append(text, node.AsObject(), 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonObject obj, int depth)
    {
        foreach (var (key, value) in obj)
        {
            text.Append(' ', depth * 2).Append(key).Append(':');
            if (value is JsonObject child && !IsEstimate(child))
            {
                text.Append('\n');
                Append(text, child, depth + 1);
            }
            else
            {
                text.Append(' ').Append(Scalar(value)).Append('\n');
            }
        }
    }

    private static bool IsEstimate(JsonObject obj) => obj.ContainsKey("low") && obj.ContainsKey("likely") && obj.ContainsKey("high");

    private static string Scalar(JsonNode? value)
    {
        if (value is null)
        {
            return "(not given)";
        }

        if (value is JsonObject estimate && IsEstimate(estimate))
        {
            var low = estimate["low"]!.GetValue<double>();
            var likely = estimate["likely"]!.GetValue<double>();
            var high = estimate["high"]!.GetValue<double>();
            return low < high ? $"{Format.Number(likely, 4)} ({Format.Number(low, 4)}–{Format.Number(high, 4)})" : Format.Number(likely, 4);
        }

        return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
    }
}
