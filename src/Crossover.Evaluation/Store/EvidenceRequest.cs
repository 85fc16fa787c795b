using Crossover.Core.Evidence;
using Crossover.Core.Input;
using Crossover.Evaluation.Cascades;
using Crossover.Evaluation.Curves;
using Crossover.Evaluation.Results;

namespace Crossover.Evaluation.Store;

/// <summary>
/// Which measurements a decision takes from the run store: a run and the candidates that stand for each deployment, a
/// cascade measured on it, and a learning curve. <c>crossover decide</c> and <c>crossover report</c> fill it from their
/// flags; any front end can fill it the same way and get the same <see cref="RunEvidence"/>.
/// </summary>
/// <param name="DbPath">The run store file.</param>
public sealed record EvidenceRequest(string DbPath)
{
    /// <summary>The evaluation run whose candidates are measured, or null.</summary>
    public string? RunId { get; init; }

    /// <summary>The run's candidate that stands for the prompted deployment, or null.</summary>
    public string? Prompted { get; init; }

    /// <summary>The run's candidate that stands for the fine-tuned deployment, or null.</summary>
    public string? FineTuned { get; init; }

    /// <summary>A cascade <c>crossover cascade RUN</c> measured on the run: its name, or <see cref="RecommendedCascade"/>; or null.</summary>
    public string? Cascade { get; init; }

    /// <summary>A learning curve: a JSON file when one exists at this path, else a curve run id in the store; or null.</summary>
    public string? Curve { get; init; }

    /// <summary>The <see cref="Cascade"/> that names the cascade analysis's recommendation.</summary>
    public const string RecommendedCascade = "recommended";

    /// <summary>The learning curve named by <see cref="Curve"/>, read once so a report can also show it.</summary>
    /// <returns>The curve, or null when none is named.</returns>
    /// <exception cref="InputException">The file or the curve run cannot be read.</exception>
    public LearningCurve? ReadCurve() =>
        Curve is null ? null
            : File.Exists(Curve) ? LearningCurve.FromJson(File.ReadAllText(Curve), Curve)
            : LearningCurveStore.Load(RunStore.OpenReadOnly(DbPath), Curve);

    /// <summary>The measurements the decision takes: the named candidates of the run, the cascade and what the curve needed.</summary>
    /// <param name="curve">The curve <see cref="ReadCurve"/> returned, or null.</param>
    /// <param name="run">The run when the caller has already loaded it (a report that shows it need not read it twice).</param>
    /// <returns>The evidence, or null when nothing is measured.</returns>
    /// <exception cref="InputException">A candidate or cascade is named without a run; a candidate, cascade or curve named is missing; or
    /// the curve has no prompting baseline.</exception>
    public RunEvidence? Read(LearningCurve? curve, RunReport? run = null)
    {
        if (RunId is null && (Prompted ?? FineTuned ?? Cascade) is { } named)
        {
            throw new InputException($"'{named}' is a candidate or cascade of an evaluation run, and no run is named", hint: "name the run 'crossover eval' printed");
        }

        var measured = RunId is null || (Prompted is null && FineTuned is null) ? null
            : run is not null ? EvidenceReader.From(run, Prompted, FineTuned)
            : EvidenceReader.Read(DbPath, RunId, Prompted, FineTuned);
        var curveEvidence = curve is null ? null : Needed(curve, Curve ?? curve.RunId);
        var cascade = Cascade is { } name ? CascadeStore.Measured(DbPath, RunId!, name == RecommendedCascade ? null : name) : null;
        var evidence = (measured, curveEvidence) switch
        {
            (null, null) => null,
            (null, { } c) => new RunEvidence(c.RunId, null, null, c),
            ({ } m, var c) => m with { Curve = c },
        };
        return cascade is null ? evidence : (evidence ?? new RunEvidence(RunId!, null, null)) with { Cascade = cascade };
    }

    /// <summary>What a learning curve says about data: the baseline it had to beat, the size that beat it, the largest tried.</summary>
    private static CurveEvidence Needed(LearningCurve curve, string source)
    {
        if (curve.Baseline is null || curve.Points.Count == 0)
        {
            throw new InputException($"learning curve {curve.RunId} has no prompting baseline to compare with, so it cannot say how much data beats the prompt", source,
                hint: "measure it with the experiment's prompting candidates, or with --baseline-run RUN");
        }

        var clearing = curve.ClearingSize;
        return new CurveEvidence(curve.RunId, curve.Baseline.Quality.Value, clearing, curve.Points.Max(p => p.Examples),
            clearing is { } size ? curve.Points.First(p => p.Examples == size).Quality.Value : null);
    }
}
