using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crossover.Core.Input;

namespace Crossover.Core.Catalog;

/// <summary>
/// The community price database of pydantic's genai-prices (MIT): providers, each with models found by a match rule
/// on the model name and prices in USD per 1M tokens, possibly tiered by prompt length or changing on a start date.
/// Reads both the upstream <c>data.json</c> (a list of providers) and the dump written by eng/prerequisites.sh (an
/// object with <c>package</c>, <c>version</c>, <c>date</c> and <c>providers</c>).
/// </summary>
public sealed class PriceDatabase
{
    private readonly Dictionary<string, JsonElement> _providers;

    private PriceDatabase(string origin, DateOnly? date, Dictionary<string, JsonElement> providers)
    {
        Origin = origin;
        Date = date;
        _providers = providers;
    }

    /// <summary>Where the data comes from (package and version, or the file name).</summary>
    public string Origin { get; }

    /// <summary>The day the data was published, when the file says.</summary>
    public DateOnly? Date { get; }

    /// <summary>Parses the database.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="file">The file name, for messages.</param>
    /// <returns>The database.</returns>
    /// <exception cref="InputException">The text is not JSON of either shape.</exception>
    public static PriceDatabase Parse(string json, string file)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InputException($"{file}: not JSON ({e.Message})", hint: "point --against at genai-prices' data.json, or run eng/prerequisites.sh");
        }

        var (providers, origin, date) = root.ValueKind switch
        {
            JsonValueKind.Array => (root, file, (DateOnly?)null),
            JsonValueKind.Object when root.TryGetProperty("providers", out var list) && list.ValueKind == JsonValueKind.Array =>
                (list, $"{Text(root, "package") ?? file} {Text(root, "version")}".Trim(), ParseDate(Text(root, "date"))),
            _ => throw new InputException($"{file}: expected a list of providers (genai-prices' data.json)", hint: "point --against at genai-prices' data.json, or run eng/prerequisites.sh"),
        };
        var byId = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers.EnumerateArray())
        {
            if (Text(provider, "id") is { } id)
            {
                byId.TryAdd(id, provider);
            }
        }

        return new PriceDatabase(origin, date, byId);
    }

    /// <summary>Finds a provider's model by the database's own match rules and returns its prices on a day.</summary>
    /// <param name="provider">The provider id (openai, anthropic, google, mistral, together, fireworks, …).</param>
    /// <param name="modelName">The model name the provider's API takes.</param>
    /// <param name="on">The day whose prices apply (prices with a later start date are ignored).</param>
    /// <returns>The database's model id and its prices, or null when the database does not know the model.</returns>
    public (string ModelId, IReadOnlyDictionary<string, DatabasePrice> Prices)? Find(string provider, string modelName, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(modelName);
        if (!_providers.TryGetValue(provider, out var entry) || !entry.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var model in models.EnumerateArray())
        {
            if (model.TryGetProperty("match", out var rule) && Matches(rule, modelName) && model.TryGetProperty("prices", out var prices))
            {
                return (Text(model, "id") ?? modelName, PricesOn(prices, on));
            }
        }

        return null;
    }

    /// <summary>Evaluates one genai-prices match rule (equals, starts_with, ends_with, contains, regex, or, and) against a name, case-insensitively.</summary>
    internal static bool Matches(JsonElement rule, string name)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var clause in rule.EnumerateObject())
        {
            var holds = clause.Name switch
            {
                "equals" => string.Equals(name, clause.Value.GetString(), StringComparison.OrdinalIgnoreCase),
                "starts_with" => name.StartsWith(clause.Value.GetString() ?? "\0", StringComparison.OrdinalIgnoreCase),
                "ends_with" => name.EndsWith(clause.Value.GetString() ?? "\0", StringComparison.OrdinalIgnoreCase),
                "contains" => name.Contains(clause.Value.GetString() ?? "\0", StringComparison.OrdinalIgnoreCase),
                "regex" => Regex.IsMatch(name, clause.Value.GetString() ?? "(?!)", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)),
                "or" => clause.Value.EnumerateArray().Any(r => Matches(r, name)),
                "and" => clause.Value.EnumerateArray().All(r => Matches(r, name)),
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The price set in force on a day: a plain set, or of a list of conditional sets the one with the latest start date not after the day.</summary>
    private static Dictionary<string, DatabasePrice> PricesOn(JsonElement prices, DateOnly on)
    {
        var chosen = prices;
        if (prices.ValueKind == JsonValueKind.Array)
        {
            var best = DateOnly.MinValue;
            chosen = default;
            foreach (var conditional in prices.EnumerateArray())
            {
                var start = DateOnly.MinValue;
                if (conditional.TryGetProperty("constraint", out var constraint))
                {
                    if (Text(constraint, "type") != "start_date" || ParseDate(Text(constraint, "start_date")) is not { } from || from > on)
                    {
                        continue;
                    }

                    start = from;
                }

                if (conditional.TryGetProperty("prices", out var set) && (chosen.ValueKind == JsonValueKind.Undefined || start >= best))
                {
                    (chosen, best) = (set, start);
                }
            }
        }

        var result = new Dictionary<string, DatabasePrice>(StringComparer.Ordinal);
        if (chosen.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var field in chosen.EnumerateObject())
        {
            if (field.Value.ValueKind == JsonValueKind.Number)
            {
                result[field.Name] = new DatabasePrice(field.Value.GetDouble(), null, null);
            }
            else if (field.Value.ValueKind == JsonValueKind.Object && field.Value.TryGetProperty("base", out var @base))
            {
                var tier = field.Value.TryGetProperty("tiers", out var tiers) && tiers.ValueKind == JsonValueKind.Array && tiers.GetArrayLength() > 0 ? tiers[0] : default;
                result[field.Name] = tier.ValueKind == JsonValueKind.Object && tier.TryGetProperty("start", out var start) && tier.TryGetProperty("price", out var price)
                    ? new DatabasePrice(@base.GetDouble(), start.GetInt32(), price.GetDouble())
                    : new DatabasePrice(@base.GetDouble(), null, null);
            }
        }

        return result;
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateOnly? ParseDate(string? text) =>
        text is not null && DateOnly.TryParse(text.Length >= 10 ? text[..10] : text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
