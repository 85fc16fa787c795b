using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Metrics;

/// <summary>
/// The metrics an experiment may name, in the order error messages and docs list them. <see cref="Default"/> holds the
/// built-in ones; <see cref="With"/> adds one (a new metric is one <see cref="IMetric"/> class plus that call). The
/// experiment reader validates <c>metrics:</c> against a registry, the scorer scores its per-record metrics, and the
/// run report builds each metric's series from it.
/// </summary>
public sealed class MetricRegistry
{
    private readonly Dictionary<string, IMetric> _byName;

    /// <summary>Creates a registry of <paramref name="metrics"/>.</summary>
    /// <param name="metrics">The metrics, in listing order.</param>
    /// <exception cref="ArgumentException">Two metrics have the same name.</exception>
    public MetricRegistry(IEnumerable<IMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Metrics = [.. metrics];
        _byName = new Dictionary<string, IMetric>(StringComparer.Ordinal);
        foreach (var metric in Metrics)
        {
            if (!_byName.TryAdd(metric.Name, metric))
            {
                throw new ArgumentException($"two metrics are named '{metric.Name}'", nameof(metrics));
            }
        }
    }

    /// <summary>The built-in metrics.</summary>
    public static MetricRegistry Default { get; } = new(
    [
        new AccuracyMetric(), new MacroF1Metric(), new ExactMatchMetric(), new FormatComplianceMetric(), new ConsistencyMetric(),
        new TokenF1Metric(), new ChrFMetric(), new FieldPrecisionMetric(), new FieldRecallMetric(), new FieldF1Metric(),
        new SchemaValidityMetric(), new RegexMetric(), new ContainsMetric(), new JudgeMetric(),
    ]);

    /// <summary>Every registered metric, in listing order.</summary>
    public IReadOnlyList<IMetric> Metrics { get; }

    /// <summary>The registered names, in listing order.</summary>
    public IEnumerable<string> Names => Metrics.Select(m => m.Name);

    /// <summary>The metrics an experiment of <paramref name="kind"/> measures when it lists none; the first is its primary metric.</summary>
    /// <param name="kind">The task kind.</param>
    /// <returns>Metric names.</returns>
    public static IReadOnlyList<string> DefaultsFor(TaskKind kind) => kind switch
    {
        TaskKind.Classification => [MetricNames.Accuracy, MetricNames.MacroF1, MetricNames.FormatCompliance],
        TaskKind.Extraction => [MetricNames.FieldF1, MetricNames.SchemaValidity, MetricNames.FormatCompliance],
        _ => [MetricNames.TokenF1, MetricNames.ChrF],
    };

    /// <summary>This registry with one more metric.</summary>
    /// <param name="metric">The metric to add.</param>
    /// <returns>A new registry; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">A metric of that name is already registered.</exception>
    public MetricRegistry With(IMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return new MetricRegistry([.. Metrics, metric]);
    }

    /// <summary>The metric named <paramref name="name"/>, or null when none is registered.</summary>
    /// <param name="name">The metric's name.</param>
    /// <returns>The metric, or null.</returns>
    public IMetric? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The series a run report builds for a stored metric name: the registered metric's, or — for a name this registry
    /// does not know (a run stored with a metric registered elsewhere) — the mean of its stored per-record scores.
    /// </summary>
    /// <param name="name">The metric's name.</param>
    /// <returns>A new, empty series.</returns>
    public IMetricSeries CreateSeries(string name) => Find(name)?.CreateSeries() ?? ItemMeans.OfStoredScore(name);

    /// <summary>Checks that <paramref name="name"/> can be measured in an experiment of this task, repeats and judge.</summary>
    /// <param name="name">The metric's name as written.</param>
    /// <param name="task">The task.</param>
    /// <param name="repeats">Samples per item.</param>
    /// <param name="judge">The judge, when the experiment has one.</param>
    /// <returns>Null when it can; otherwise the problem with its fix (an unknown name suggests the closest registered one).</returns>
    public MetricProblem? Check(string name, TaskSpec task, int repeats, JudgeSpec? judge)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(task);
        if (Find(name) is not { } metric)
        {
            return new MetricProblem($"'{name}' is not a known metric",
                YamlMap.Closest(name, Names) is { } closest ? $"did you mean '{closest}'? Known metrics: {string.Join(", ", Names)}" : "use any of: " + string.Join(", ", Names));
        }

        if (!metric.TaskKinds.Contains(task.Kind))
        {
            var fitting = Metrics.Where(m => m.TaskKinds.Contains(task.Kind)).Select(m => m.Name);
            return new MetricProblem($"{name} needs {string.Join(" or ", metric.TaskKinds.Select(Describe))}", $"use a metric of your task kind: {string.Join(", ", fitting)}");
        }

        return metric.Check(task, repeats, judge);
    }

    private static string Describe(TaskKind kind) => kind switch
    {
        TaskKind.Classification => "a classification task",
        TaskKind.Extraction => "an extraction task with an outputSchema",
        _ => "a generation task",
    };
}
