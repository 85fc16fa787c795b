using System.Text;
using System.Text.Json;

namespace Crossover.Evaluation.Results;

/// <summary>A run's header as JSON: one element of <c>crossover runs list --format json</c>, the <c>run</c> of <c>runs show</c>.</summary>
public static class RunSummaryJson
{
    /// <summary>The runs as an indented JSON array, in the order given.</summary>
    /// <param name="runs">The runs' summaries.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(IEnumerable<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RunReportJson.WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var run in runs)
            {
                Write(run, writer);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes one run's header as a JSON object.</summary>
    /// <param name="run">The run's summary.</param>
    /// <param name="writer">Where to write.</param>
    public static void Write(RunSummary run, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("id", run.Id);
        writer.WriteString("experiment", run.Experiment);
        writer.WriteString("experimentFile", run.ExperimentFile);
        writer.WriteString("startedAt", run.StartedAt);
        writer.WriteString("status", run.Status.ToString().ToLowerInvariant());
        writer.WriteString("unknownBecause", run.UnknownBecause);
        writer.WriteNumber("records", run.Records);
        if (run.Planned is { } planned)
        {
            writer.WriteNumber("planned", planned);
        }
        else
        {
            writer.WriteNull("planned");
        }

        writer.WriteNumber("errors", run.Errors);
        if (run.CostUsd is { } cost)
        {
            writer.WriteNumber("costUsd", cost);
        }
        else
        {
            writer.WriteNull("costUsd");
        }

        writer.WriteStartArray("candidates");
        foreach (var candidate in run.Candidates)
        {
            writer.WriteStringValue(candidate);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
