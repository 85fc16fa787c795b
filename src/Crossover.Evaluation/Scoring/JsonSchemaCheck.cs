using System.Text.Json;

namespace Crossover.Evaluation.Scoring;

/// <summary>
/// Validates JSON against the JSON Schema keywords extraction schemas use: type, properties, required,
/// additionalProperties: false, enum, items, minimum and maximum. Written here because JsonSchema.Net, the
/// usual .NET validator, does not restore from our package mirror; docs/experiment.md lists the subset.
/// </summary>
internal static class JsonSchemaCheck
{
    /// <summary>Returns null when valid, otherwise the first problem found with its JSON path.</summary>
    public static string? Validate(JsonElement schema, JsonElement value, string path = "$")
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            return $"{path} should be {type.GetRawText().Trim('"')}";
        }

        if (schema.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array
            && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
        {
            return $"{path} is not one of the allowed values";
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            var number = value.GetDouble();
            if (schema.TryGetProperty("minimum", out var min) && number < min.GetDouble()
                || schema.TryGetProperty("maximum", out var max) && number > max.GetDouble())
            {
                return $"{path} is out of range";
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
            {
                foreach (var name in required.EnumerateArray())
                {
                    if (!value.TryGetProperty(name.GetString()!, out _))
                    {
                        return $"{path}.{name.GetString()} is required";
                    }
                }
            }

            var hasProperties = schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object;
            var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
            foreach (var property in value.EnumerateObject())
            {
                if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    var problem = Validate(propertySchema, property.Value, $"{path}.{property.Name}");
                    if (problem is not null)
                    {
                        return problem;
                    }
                }
                else if (closed)
                {
                    return $"{path}.{property.Name} is not allowed";
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var child in value.EnumerateArray())
            {
                var problem = Validate(items, child, $"{path}[{index++}]");
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static bool TypeMatches(JsonElement type, JsonElement value)
    {
        if (type.ValueKind == JsonValueKind.Array)
        {
            return type.EnumerateArray().Any(t => TypeMatches(t, value));
        }

        return type.GetString() switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => true,
        };
    }
}
