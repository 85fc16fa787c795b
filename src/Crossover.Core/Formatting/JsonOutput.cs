using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crossover.Core.Formatting;

/// <summary>
/// One JSON style for every document a user reads (each verb's <c>--format json</c>, and any other front end): camelCase,
/// indented, enums as kebab-case strings.
/// </summary>
public static class JsonOutput
{
    /// <summary>The serializer options of that style.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
