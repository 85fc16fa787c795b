using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Crossover.Evaluation.Results;

/// <summary>
/// A run report as the JSON document <c>crossover eval --format json</c> and <c>crossover runs show --format json</c> print
/// (the shape docs/experiment.md describes under "JSON output"), written once here so every front end says a run the same way.
/// </summary>
public static class RunReportJson
{
    /// <summary>How the document is written by <see cref="Serialize"/>: indented, non-ASCII text as is.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The report as an indented JSON document.</summary>
    /// <param name="report">The run's results.</param>
    /// <param name="run">The run's header, written first as <c>run</c> when given (<c>crossover runs show</c>).</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(RunReport report, RunSummary? run = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (run is not null)
            {
                writer.WritePropertyName("run");
                RunSummaryJson.Write(run, writer);
            }

            WriteProperties(report, writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the report as one JSON object.</summary>
    /// <param name="report">The run's results.</param>
    /// <param name="writer">Where to write.</param>
    public static void Write(RunReport report, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        WriteProperties(report, writer);
        writer.WriteEndObject();
    }

    /// <summary>Writes the report's properties into an object the caller opened, so a document can put its own fields first.</summary>
    /// <param name="report">The run's results.</param>
    /// <param name="writer">Where to write, inside an object.</param>
    public static void WriteProperties(RunReport report, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("runId", report.RunId);
        writer.WriteString("name", report.Name);
        writer.WriteString("primary", report.Primary);
        if (report.Judge is { } judge)
        {
            // After runId, name and primary: the judge is the run's, not a candidate's.
            writer.WriteStartObject("judge");
            writer.WriteString("provider", judge.Provider);
            writer.WriteString("model", judge.Model);
            writer.WriteNumber("calls", judge.Calls);
            writer.WriteNumber("inputTokens", judge.InputTokens);
            writer.WriteNumber("outputTokens", judge.OutputTokens);
            Number(writer, "costUsd", judge.CostUsd);
            writer.WriteString("priceSource", judge.PriceSource);
            writer.WriteEndObject();
        }

        writer.WriteStartArray("candidates");
        foreach (var candidate in report.Candidates)
        {
            Candidate(writer, candidate);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("comparisons");
        foreach (var comparison in report.Comparisons)
        {
            Comparison(writer, comparison);
        }

        writer.WriteEndArray();
    }

    private static void Candidate(Utf8JsonWriter writer, CandidateResult c)
    {
        writer.WriteStartObject();
        writer.WriteString("name", c.Name);
        writer.WriteString("provider", c.Provider);
        writer.WriteString("model", c.Model);
        writer.WriteNumber("items", c.Items);
        writer.WriteStartObject("metrics");
        foreach (var (name, metric) in c.Metrics)
        {
            writer.WriteStartObject(name);
            Interval(writer, metric.Value, metric.Low, metric.High);
            writer.WriteString("method", metric.Method);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("formatCompliance");
        Interval(writer, c.FormatCompliance.Value, c.FormatCompliance.Low, c.FormatCompliance.High);
        writer.WriteEndObject();
        writer.WriteStartObject("latencyMs");
        writer.WriteNumber("p50", c.LatencyMs.P50);
        writer.WriteNumber("p95", c.LatencyMs.P95);
        writer.WriteNumber("p99", c.LatencyMs.P99);
        writer.WriteEndObject();
        writer.WriteStartObject("tokens");
        writer.WriteNumber("input", c.Tokens.Input);
        writer.WriteNumber("output", c.Tokens.Output);
        writer.WriteNumber("cached", c.Tokens.Cached);
        writer.WriteNumber("instructions", c.Tokens.Instructions);
        writer.WriteNumber("examples", c.Tokens.Examples);
        writer.WriteNumber("itemInput", c.Tokens.ItemInput);
        writer.WriteEndObject();
        Number(writer, "costPer1kUsd", c.CostPer1kUsd);
        writer.WriteString("priceSource", c.PriceSource);
        writer.WriteNumber("errors", c.Errors);
        writer.WriteNumber("cacheHits", c.CacheHits);
        Strings(writer, "sampleErrors", c.SampleErrors);
        writer.WriteNumber("judgeErrors", c.JudgeErrors);
        Strings(writer, "sampleJudgeErrors", c.SampleJudgeErrors);
        writer.WriteEndObject();
    }

    private static void Comparison(Utf8JsonWriter writer, CandidateComparison p)
    {
        writer.WriteStartObject();
        writer.WriteString("first", p.First);
        writer.WriteString("second", p.Second);
        writer.WriteString("metric", p.Metric);
        writer.WriteNumber("difference", p.Result.Difference);
        writer.WriteNumber("low", p.Result.Low);
        writer.WriteNumber("high", p.Result.High);
        writer.WriteNumber("pValue", p.Result.PValue);
        writer.WriteString("test", p.Result.Test);
        writer.WriteBoolean("significant", p.Result.Significant);
        if (p.Result.ItemsNeeded is { } needed)
        {
            writer.WriteNumber("itemsNeeded", needed);
        }
        else
        {
            writer.WriteNull("itemsNeeded");
        }

        writer.WriteString("verdict", p.Verdict);
        writer.WriteEndObject();
    }

    private static void Interval(Utf8JsonWriter writer, double value, double low, double high)
    {
        writer.WriteNumber("value", value);
        writer.WriteNumber("low", low);
        writer.WriteNumber("high", high);
    }

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void Strings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
