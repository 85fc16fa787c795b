using System.Globalization;

namespace Crossover.Core.Measurement;

/// <summary>
/// The rounds of a repeated measurement, kept until it has settled: .NET compiles a method quickly first and again,
/// optimized, after it has run a while (tiered JIT), so early rounds are slower than later ones. A benchmark adds one
/// figure per round until <see cref="Done"/>, then reports the first round and the steady state apart
/// (docs/benchmarks.md). Pure: the caller times the rounds.
/// </summary>
public sealed class SteadyState
{
    private readonly List<double> _rounds = [];
    private readonly int _window;
    private readonly double _tolerance;
    private readonly int _maxRounds;

    /// <summary>Creates an empty series.</summary>
    /// <param name="window">How many last rounds must agree (1: the first round after the first, with no check).</param>
    /// <param name="tolerance">How far they may spread: (max − min) ÷ median, e.g. 0.10.</param>
    /// <param name="maxRounds">Rounds after which the series stops even if it has not settled (a loaded machine may never settle).</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is out of range.</exception>
    public SteadyState(int window = 3, double tolerance = 0.10, int maxRounds = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRounds, window + 1);
        _window = window;
        _tolerance = tolerance;
        _maxRounds = maxRounds;
    }

    /// <summary>Every round so far, in order.</summary>
    public IReadOnlyList<double> Rounds => _rounds;

    /// <summary>The first round: what a one-off run (a CLI invocation) pays, compilation included.</summary>
    /// <exception cref="InvalidOperationException">No round was added.</exception>
    public double First => _rounds.Count > 0 ? _rounds[0] : throw new InvalidOperationException("no round was measured");

    /// <summary>The median of the last <c>window</c> rounds (never the first round): the steady-state figure.</summary>
    /// <exception cref="InvalidOperationException">Fewer than <c>window</c> rounds follow the first.</exception>
    public double Steady => Median(Last());

    /// <summary>The last <c>window</c> rounds, which <see cref="Steady"/> is the median of.</summary>
    /// <exception cref="InvalidOperationException">Fewer than <c>window</c> rounds follow the first.</exception>
    public IReadOnlyList<double> Window => Last();

    /// <summary>Whether the last <c>window</c> rounds after the first agree within the tolerance.</summary>
    public bool IsSteady
    {
        get
        {
            if (_rounds.Count < _window + 1)
            {
                return false;
            }

            var last = Last();
            var median = Median(last);
            return median > 0 && (last.Max() - last.Min()) / median <= _tolerance;
        }
    }

    /// <summary>Whether to stop: steady, or out of rounds.</summary>
    public bool Done => IsSteady || _rounds.Count >= _maxRounds;

    /// <summary>Adds a round's figure (a time, a rate, CPU per call).</summary>
    /// <param name="value">The figure.</param>
    public void Add(double value) => _rounds.Add(value);

    /// <summary>One line for a benchmark's output: first, steady, and whether and when it settled.</summary>
    /// <param name="name">The figure's name, e.g. <c>median-ms</c>.</param>
    /// <param name="format">The numbers' format, e.g. <c>0.0</c>.</param>
    /// <returns><c>first-NAME=… steady-NAME=… rounds=N settled=yes|no</c>.</returns>
    public string Describe(string name, string format)
    {
        var c = CultureInfo.InvariantCulture;
        return $"first-{name}={First.ToString(format, c)} steady-{name}={Steady.ToString(format, c)} rounds={_rounds.Count} settled={(IsSteady ? "yes" : "no")}";
    }

    private double[] Last()
    {
        if (_rounds.Count < _window + 1)
        {
            throw new InvalidOperationException($"a steady figure needs {_window} rounds after the first; {_rounds.Count} were measured");
        }

        return [.. _rounds.Skip(_rounds.Count - _window)];
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
