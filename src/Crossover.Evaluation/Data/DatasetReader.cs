using System.Text;
using System.Text.Json;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Data;

/// <summary>Reads JSONL or CSV datasets; every field becomes a template variable. Errors name the file and line.</summary>
public static class DatasetReader
{
    /// <summary>Reads every item of a dataset.</summary>
    /// <param name="spec">The dataset spec.</param>
    /// <returns>The items in file order.</returns>
    /// <exception cref="InputException">The file is malformed, an item lacks the expected field, ids repeat, or there are no records.</exception>
    public static IReadOnlyList<DataItem> Read(DatasetSpec spec)
    {
        var items = Stream(spec, checkIds: true).ToList();
        if (items.Count == 0)
        {
            throw NoRecords(spec);
        }

        return items;
    }

    /// <summary>Streams the items of a dataset in file order, holding one record at a time.</summary>
    /// <param name="spec">The dataset spec.</param>
    /// <param name="checkIds">Whether to fail on a repeated id (this keeps every id seen; a later pass over a checked file can skip it).</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="InputException">While enumerating: the file is malformed, an item lacks the expected field, or ids repeat.</exception>
    public static IEnumerable<DataItem> Stream(DatasetSpec spec, bool checkIds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rows = ReadRecords(spec.Path);
        var ids = checkIds ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var (line, fields) in rows)
        {
            if (!fields.TryGetValue(spec.Expected, out var expected) || string.IsNullOrWhiteSpace(expected))
            {
                throw new InputException($"the record has no '{spec.Expected}' value", spec.Path, line, "dataset.expected", "every record needs the reference answer, or fix dataset.expected");
            }

            CheckLabel(spec, expected, line);
            var id = line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (spec.Id is not null && (!fields.TryGetValue(spec.Id, out id!) || string.IsNullOrWhiteSpace(id)))
            {
                throw new InputException($"the record has no '{spec.Id}' value", spec.Path, line, "dataset.id", "every record needs an id, or drop dataset.id to use line numbers");
            }

            if (ids is not null && !ids.Add(id))
            {
                throw new InputException($"the id '{id}' appears twice", spec.Path, line, "dataset.id", "ids must be unique");
            }

            yield return new DataItem(id, fields, expected);
        }
    }

    /// <summary>
    /// Checks an answer against the task's labels (case and surrounding space ignored, as the scorer compares them), so
    /// a typo or an off-label value is an error before any call instead of an item silently scored 0. Eval and
    /// training preparation share this check.
    /// </summary>
    /// <param name="spec">The dataset spec (its <see cref="DatasetSpec.Labels"/>).</param>
    /// <param name="answer">The expected answer.</param>
    /// <param name="line">The record's line.</param>
    /// <exception cref="InputException">The answer is not one of the labels.</exception>
    public static void CheckLabel(DatasetSpec spec, string answer, int line)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(answer);
        if (spec.Labels.Count > 0 && !spec.Labels.Contains(answer.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            throw new InputException($"the answer '{answer}' is not one of task.labels", spec.Path, line, spec.Expected, "fix the record, or add the label to task.labels: " + string.Join(", ", spec.Labels));
        }
    }

    /// <summary>The error for a dataset without records.</summary>
    /// <param name="spec">The dataset spec.</param>
    /// <returns>The exception to throw.</returns>
    public static InputException NoRecords(DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new InputException("the dataset has no records", spec.Path, hint: "add one record per line");
    }

    /// <summary>Reads the records of a JSONL or CSV file (by extension) with no field required; each carries its 1-based line.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The records with their lines, lazily.</returns>
    /// <exception cref="InputException">While enumerating: the file cannot be read or a record is malformed.</exception>
    public static IEnumerable<(int Line, Dictionary<string, string> Fields)> ReadRecords(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(path) : ReadJsonl(path);

    private static IEnumerable<(int Line, Dictionary<string, string> Fields)> ReadJsonl(string path)
    {
        foreach (var (line, text) in InputFile.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new InputException($"not valid JSON: {ex.Message}", path, line, hint: "each line must be one JSON object");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InputException("each line must be a JSON object", path, line);
                }

                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (fields.ContainsKey(property.Name))
                    {
                        throw new InputException($"the field '{property.Name}' appears twice in the object", path, line, property.Name, "keep one of them");
                    }

                    fields[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }

                yield return (line, fields);
            }
        }
    }

    /// <summary>RFC 4180 CSV: a header row, quoted fields may hold commas, quotes ("") and newlines.</summary>
    private static IEnumerable<(int Line, Dictionary<string, string> Fields)> ReadCsv(string path)
    {
        using var reader = new StreamReader(InputFile.OpenRead(path), new UTF8Encoding(false, throwOnInvalidBytes: true));
        string[]? header = null;
        var line = 1;
        while (true)
        {
            var start = line;
            List<string>? row;
            try
            {
                row = ReadCsvRow(reader, ref line, path);
            }
            catch (DecoderFallbackException)
            {
                // The decoder works ahead of the parser, so its position is not the row's: the line reader finds the byte and its line.
                foreach (var _ in InputFile.ReadLines(path))
                {
                }

                throw new InputException("is not UTF-8", path, hint: "save the file as UTF-8");
            }
            catch (IOException ex)
            {
                throw new InputException($"cannot be read: {ex.Message}", path, line, hint: "check the file");
            }

            if (row is null)
            {
                yield break;
            }

            if (row.Count == 1 && row[0].Length == 0)
            {
                continue;
            }

            if (header is null)
            {
                header = [.. row];
                if (header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                {
                    throw new InputException($"the column '{twice.Key}' appears twice in the header", path, start, twice.Key, "keep one of them");
                }

                continue;
            }

            if (row.Count != header.Length)
            {
                throw new InputException($"the row has {row.Count} fields but the header has {header.Length}", path, start, hint: "quote fields that contain commas");
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                fields[header[i]] = row[i];
            }

            yield return (start, fields);
        }
    }

    private static List<string>? ReadCsvRow(StreamReader reader, ref int line, string path)
    {
        if (reader.Peek() < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var start = line;
        while (true)
        {
            var c = reader.Read();
            if (field.Length > InputFile.MaxLineBytes)
            {
                throw new InputException($"a field is longer than {InputFile.MaxLineBytes / (1024 * 1024)} MiB", path, start, hint: "this is not a CSV dataset; check the path");
            }

            if (c < 0)
            {
                if (quoted)
                {
                    throw new InputException("a quoted field is never closed", path, start, hint: "close the quote");
                }

                fields.Add(field.ToString());
                return fields;
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append((char)c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                line++;
                fields.Add(field.ToString().TrimEnd('\r'));
                return fields;
            }
            else
            {
                field.Append((char)c);
            }
        }
    }
}
