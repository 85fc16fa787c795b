using System.Text.Json;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Metrics;

/// <summary>
/// What a metric reads of one answered record when the run report aggregates it: the answer, the reference, format
/// compliance and the stored per-record scores (parsed once, on first use).
/// </summary>
public sealed class ScoredRecord
{
    private readonly string _scores;
    private Dictionary<string, double>? _parsed;

    /// <summary>Creates the view of a stored record.</summary>
    /// <param name="record">An answered record.</param>
    public ScoredRecord(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Expected = record.Expected;
        Parsed = record.Parsed;
        Output = record.Output;
        Compliant = record.Compliant;
        _scores = record.Scores;
    }

    /// <summary>The reference answer.</summary>
    public string Expected { get; }

    /// <summary>The answer the scorer read, when it read one.</summary>
    public string? Parsed { get; }

    /// <summary>The model's text.</summary>
    public string? Output { get; }

    /// <summary>Whether the output parsed and validated.</summary>
    public bool Compliant { get; }

    /// <summary>The record's stored score for <paramref name="metric"/>, or null when it has none.</summary>
    /// <param name="metric">The metric's name.</param>
    /// <returns>The score in [0, 1], or null.</returns>
    /// <exception cref="JsonException">The stored scores are not JSON.</exception>
    /// <exception cref="InvalidOperationException">The stored scores are not an object of numbers.</exception>
    public double? Score(string metric)
    {
        if (_parsed is null)
        {
            using var document = JsonDocument.Parse(_scores);
            _parsed = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                _parsed.TryAdd(property.Name, property.Value.GetDouble());
            }
        }

        return _parsed.TryGetValue(metric, out var value) ? value : null;
    }
}
