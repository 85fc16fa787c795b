using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crossover.Core.Decisions;

namespace Crossover.Core.Formatting;

/// <summary>
/// The decision as JSON: the house style, with every number written to ten significant digits, so money reads as
/// 7538.85 rather than 7538.849999999999 (the computation keeps exact values; only the document is rounded).
/// </summary>
public static class DecisionJson
{
    private const int SignificantDigits = 10;

    private static readonly JsonSerializerOptions Options = new(JsonOutput.Options) { Converters = { new RoundedDouble() } };

    /// <summary>The decision as one JSON document in the house style, numbers to ten significant digits.</summary>
    /// <param name="report">The decision.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(DecisionReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Rounds to <see cref="SignificantDigits"/> significant digits, whatever the magnitude (a per-request $0.0000123 keeps its digits).</summary>
    internal static double Round(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value;
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var decimals = SignificantDigits - 1 - magnitude;
        return decimals is >= 0 and <= 15 ? Math.Round(value, decimals) : double.Parse(value.ToString("G" + SignificantDigits, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private sealed class RoundedDouble : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(Round(value));
    }
}
