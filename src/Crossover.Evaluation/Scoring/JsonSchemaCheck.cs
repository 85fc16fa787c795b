using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace Crossover.Evaluation.Scoring;

/// <summary>
/// Checks JSON against a JSON Schema with JsonSchema.Net (drafts 6, 7, 2019-09 and 2020-12; 2020-12 when the schema
/// names no <c>$schema</c>), with <c>format</c> asserted rather than only annotated, and answers with one line that
/// names the JSON path at fault. References resolve only inside the schema file: nothing is ever fetched.
/// </summary>
public static class JsonSchemaCheck
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    // Scoring checks every item of a run against the same schema; building it once per distinct text keeps the
    // per-item cost to the evaluation alone (about 4x less here). An experiment has one schema; a long-lived host that
    // reads many experiments starts over past this many.
    private const int MaxBuilt = 64;
    private static readonly ConcurrentDictionary<string, JsonSchema> Built = new(StringComparer.Ordinal);

    /// <summary>Why <paramref name="schemaText"/> cannot be used as a schema, or null when it can.</summary>
    /// <param name="schemaText">The schema file's text.</param>
    /// <returns>A reason that reads after the file's name ("is not valid JSON: …", "has …"), or null.</returns>
    public static string? Problem(string schemaText)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(schemaText);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return $"is not valid JSON: {ex.Message}";
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return "is not a JSON Schema: the schema must be a JSON object";
        }

        try
        {
            Build(root);
        }
        catch (Exception ex) when (ex is JsonSchemaException or ArgumentException or JsonException)
        {
            return $"is not a valid JSON Schema: {ex.Message}";
        }

        return UnresolvedReference(root);
    }

    /// <summary>Returns null when valid, otherwise the first problem found with its JSON path.</summary>
    /// <param name="schema">The schema; anything but an object or a boolean accepts every value.</param>
    /// <param name="value">The value to check.</param>
    /// <returns>The problem, or null.</returns>
    public static string? Validate(JsonElement schema, JsonElement value)
    {
        if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            return null;
        }

        EvaluationResults results;
        try
        {
            if (Built.Count > MaxBuilt)
            {
                Built.Clear();
            }

            var built = Built.GetOrAdd(schema.GetRawText(), _ => Build(schema));
            results = built.Evaluate(value, Evaluation);
        }
        catch (Exception ex) when (ex is JsonSchemaException or ArgumentException or JsonException)
        {
            return $"$ cannot be checked: the schema is not valid ({ex.Message})";
        }

        return results.IsValid ? null : Describe(results, value);
    }

    // A registry per schema: JsonSchema.Net registers every built schema under its $id (or a random one), so a shared
    // registry would refuse a second schema with the same $id. A fresh registry still knows the drafts' meta-schemas.
    // The built schema keeps reading the element it was built from (enum, const), so it gets a clone that outlives
    // the caller's document.
    private static JsonSchema Build(JsonElement schema) =>
        JsonSchema.Build(schema.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static string Describe(EvaluationResults results, JsonElement value)
    {
        foreach (var detail in results.Details ?? [results])
        {
            if (detail.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            var path = JsonPath(detail.InstanceLocation, value);
            var (keyword, message) = errors.First();
            var choice = Choice(detail.EvaluationPath.ToString());
            return keyword switch
            {
                "required" when FirstMissing(detail, value, message) is { } name => $"{path}.{name} is required",
                "" => $"{path} is not allowed",
                _ when choice is not null => $"{path} fits none of the {choice} choices ({message})",
                _ => $"{path}: {message}",
            };
        }

        var deepest = (results.Details ?? []).LastOrDefault(d => !d.IsValid) ?? results;
        return $"{JsonPath(deepest.InstanceLocation, value)} does not satisfy the schema at {deepest.EvaluationPath}";
    }

    // "…/v/oneOf/1/…" → "oneOf": an error inside a branch of a combinator means no branch fitted.
    private static string? Choice(string evaluationPath)
    {
        var segments = evaluationPath.Split('/');
        return segments.LastOrDefault(s => s is "oneOf" or "anyOf");
    }

    // JsonSchema.Net reports the required properties together in one message; the first absent one names the field.
    private static string? FirstMissing(EvaluationResults detail, JsonElement value, string message)
    {
        if (detail.InstanceLocation.Evaluate(value) is not { ValueKind: JsonValueKind.Object } instance)
        {
            return null;
        }

        var start = message.IndexOf('[', StringComparison.Ordinal);
        var end = message.LastIndexOf(']');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            var names = JsonSerializer.Deserialize<string[]>(message[start..(end + 1)]) ?? [];
            return names.FirstOrDefault(n => !instance.TryGetProperty(n, out _));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A JSON Pointer into the value, written as the $-path the rest of the diagnostics use: $.items[0].name.
    private static string JsonPath(JsonPointer pointer, JsonElement value)
    {
        var path = new StringBuilder("$");
        var current = value;
        for (var i = 0; i < pointer.SegmentCount; i++)
        {
            var segment = pointer.GetSegment(i).ToString();
            if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index < current.GetArrayLength())
            {
                path.Append('[').Append(index).Append(']');
                current = current[index];
            }
            else
            {
                path.Append('.').Append(segment);
                current = current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child) ? child : default;
            }
        }

        return path.ToString();
    }

    // JsonSchema.Net resolves $ref when it evaluates, so a reference to nothing would only surface on the first
    // answer that reaches it; this finds it when the experiment is read. A reference to another file is refused
    // because nothing is fetched, unless the file embeds schemas with their own $id that it might name.
    private static string? UnresolvedReference(JsonElement root)
    {
        var references = new List<string>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var embedsIds = false;
        Collect(root, references, anchors, ref embedsIds, isRoot: true);
        foreach (var reference in references)
        {
            if (reference.StartsWith("#/", StringComparison.Ordinal) || reference == "#")
            {
                if (!JsonPointer.TryParse(Uri.UnescapeDataString(reference[1..]), out var pointer) || pointer.Evaluate(root) is null)
                {
                    return $"has \"$ref\": \"{reference}\", which points at nothing in the file";
                }
            }
            else if (reference.StartsWith('#'))
            {
                if (!anchors.Contains(reference[1..]))
                {
                    return $"has \"$ref\": \"{reference}\", but no \"$anchor\" in the file is named {reference[1..]}";
                }
            }
            else if (!embedsIds)
            {
                return $"has \"$ref\": \"{reference}\", which points outside the file; nothing is fetched, so put that schema under \"$defs\" and refer to it as \"#/$defs/…\"";
            }
        }

        return null;
    }

    private static void Collect(JsonElement schema, List<string> references, HashSet<string> anchors, ref bool embedsIds, bool isRoot)
    {
        if (schema.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in schema.EnumerateArray())
            {
                Collect(item, references, anchors, ref embedsIds, isRoot: false);
            }

            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in schema.EnumerateObject())
        {
            switch (property.Name)
            {
                case "$ref" when property.Value.ValueKind == JsonValueKind.String:
                    references.Add(property.Value.GetString()!);
                    break;
                case "$anchor" or "$dynamicAnchor" when property.Value.ValueKind == JsonValueKind.String:
                    anchors.Add(property.Value.GetString()!);
                    break;
                case "$id" when !isRoot:
                    embedsIds = true;
                    break;
                case "enum" or "const" or "default" or "examples":
                    // Values, not schemas: a "$ref" inside them is data.
                    break;
                default:
                    Collect(property.Value, references, anchors, ref embedsIds, isRoot: false);
                    break;
            }
        }
    }
}
