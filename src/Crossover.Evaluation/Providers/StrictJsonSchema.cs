using System.Text.Json;

namespace Crossover.Evaluation.Providers;

/// <summary>
/// The subset of JSON Schema that OpenAI's structured outputs accept with <c>strict: true</c>
/// (https://platform.openai.com/docs/guides/structured-outputs#supported-schemas): the root is an object; every object
/// lists all its properties in <c>required</c> and sets <c>additionalProperties: false</c>; composition other than
/// <c>anyOf</c> and conditional keywords are not supported. A schema outside the subset is sent with
/// <c>strict: false</c>, so the provider takes it instead of refusing every call.
/// </summary>
public static class StrictJsonSchema
{
    private static readonly string[] Unsupported =
    [
        "allOf", "oneOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas", "patternProperties",
        "unevaluatedProperties", "unevaluatedItems", "propertyNames", "minProperties", "maxProperties",
    ];

    /// <summary>Why <paramref name="schema"/> is outside the strict subset, or null when strict mode accepts it.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>The first problem as "at PATH: …", or null.</returns>
    public static string? Problem(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !IsObjectType(schema))
        {
            return "at the root: the schema must be of type object";
        }

        return Check(schema, "#", depth: 0);
    }

    private static string? Check(JsonElement schema, string path, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (depth > 10)
        {
            return $"at {path}: nested deeper than 10 levels";
        }

        foreach (var keyword in Unsupported)
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                return $"at {path}: '{keyword}' is not supported";
            }
        }

        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            if (!schema.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
            {
                return $"at {path}: additionalProperties must be false";
            }

            var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var property in properties.EnumerateObject())
            {
                if (!required.Contains(property.Name))
                {
                    return $"at {path}: property '{property.Name}' is not in required (make it nullable with type [\"…\", \"null\"] instead)";
                }

                if (Check(property.Value, $"{path}/properties/{property.Name}", depth + 1) is { } problem)
                {
                    return problem;
                }
            }
        }
        else if (IsObjectType(schema) && !(schema.TryGetProperty("additionalProperties", out var open) && open.ValueKind == JsonValueKind.False))
        {
            return $"at {path}: an object without properties must set additionalProperties: false";
        }

        foreach (var child in new[] { "items", "$defs", "definitions", "anyOf" })
        {
            if (!schema.TryGetProperty(child, out var value))
            {
                continue;
            }

            var problem = value.ValueKind switch
            {
                JsonValueKind.Array => value.EnumerateArray().Select((s, i) => Check(s, $"{path}/{child}/{i}", depth + 1)).FirstOrDefault(p => p is not null),
                JsonValueKind.Object when child is "$defs" or "definitions" => value.EnumerateObject().Select(d => Check(d.Value, $"{path}/{child}/{d.Name}", depth + 1)).FirstOrDefault(p => p is not null),
                _ => Check(value, $"{path}/{child}", depth + 1),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static bool IsObjectType(JsonElement schema) =>
        schema.TryGetProperty("type", out var type)
        && (type.ValueKind == JsonValueKind.String ? type.GetString() == "object" : type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "object"));
}
