using System.CommandLine;
using Crossover.Core.Evidence;
using Crossover.Core.Input;
using Crossover.Evaluation.Cascades;
using Crossover.Evaluation.Curves;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Store;

namespace Crossover.Cli.Commands;

/// <summary>
/// <c>--evidence RUN [--db FILE] [--prompted NAME] [--fine-tuned NAME] [--cascade NAME|recommended] [--curve RUN|FILE]</c>: the same options on every
/// verb that feeds measurements into the decision, so <c>decide</c> and <c>report</c> read them the same way.
/// </summary>
internal sealed class EvidenceOptions
{
    public Option<string?> Run { get; } = new("--evidence")
    {
        Description = "An evaluation run id ('crossover eval' prints it); with --prompted/--fine-tuned its measurements replace profile values.",
    };

    public Option<string> Db { get; } = new("--db")
    {
        Description = "The run store holding --evidence and --curve.",
        DefaultValueFactory = _ => Path.Combine(".crossover", "crossover.db"),
    };

    public Option<string?> Prompted { get; } = new("--prompted") { Description = "The run's candidate that stands for the prompted deployment." };

    public Option<string?> FineTuned { get; } = new("--fine-tuned") { Description = "The run's candidate that stands for the fine-tuned deployment." };

    public Option<string?> Cascade { get; } = new("--cascade")
    {
        Description = "A cascade 'crossover cascade RUN' measured on --evidence (its name, or 'recommended'): its measured quality, cost per request and escalation share replace the profile's cascade values.",
    };

    public Option<string?> Curve { get; } = new("--curve")
    {
        Description = "A learning curve: the run id 'crossover tune curve' printed (read from --db), or the JSON file its --out wrote; the examples it needed to beat the prompt replace the profile's.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Run);
        command.Options.Add(Db);
        command.Options.Add(Prompted);
        command.Options.Add(FineTuned);
        command.Options.Add(Cascade);
        command.Options.Add(Curve);
    }

    /// <summary>The run id named by --evidence, after checking that --prompted/--fine-tuned are not given without it.</summary>
    public string? RunId(ParseResult parse)
    {
        var runId = parse.GetValue(Run);
        if (runId is null && (parse.GetValue(Prompted) is not null || parse.GetValue(FineTuned) is not null || parse.GetValue(Cascade) is not null))
        {
            throw new InputException("--prompted, --fine-tuned and --cascade name candidates or cascades of an evaluation run", hint: "add --evidence RUN");
        }

        return runId;
    }

    /// <summary>The learning curve named by --curve: a JSON file when one exists at that path, else a run id in the store.</summary>
    public LearningCurve? ReadCurve(ParseResult parse)
    {
        var source = parse.GetValue(Curve);
        return source is null ? null
            : File.Exists(source) ? LearningCurve.FromJson(File.ReadAllText(source), source)
            : LearningCurveStore.Load(RunStore.OpenReadOnly(parse.GetValue(Db)!), source);
    }

    /// <summary>
    /// The measurements the decision takes: the named candidates of --evidence (when --prompted or --fine-tuned is given)
    /// and the answer of the --curve; null when there are none. <paramref name="run"/> is the --evidence run when the
    /// caller has already loaded it.
    /// </summary>
    public RunEvidence? Read(ParseResult parse, LearningCurve? curve, RunReport? run = null)
    {
        var runId = RunId(parse);
        var prompted = parse.GetValue(Prompted);
        var fineTuned = parse.GetValue(FineTuned);
        var measured = runId is null || (prompted is null && fineTuned is null) ? null
            : run is not null ? EvidenceReader.From(run, prompted, fineTuned)
            : EvidenceReader.Read(parse.GetValue(Db)!, runId, prompted, fineTuned);
        var curveEvidence = curve is null ? null : ToEvidence(curve, parse.GetValue(Curve)!);
        var cascade = parse.GetValue(Cascade) is { } name ? CascadeStore.Measured(parse.GetValue(Db)!, runId!, name == "recommended" ? null : name) : null;
        var evidence = (measured, curveEvidence) switch
        {
            (null, null) => null,
            (null, { } c) => new RunEvidence(c.RunId, null, null, c),
            ({ } m, var c) => m with { Curve = c },
        };
        return cascade is null ? evidence : (evidence ?? new RunEvidence(runId!, null, null)) with { Cascade = cascade };
    }

    private static CurveEvidence ToEvidence(LearningCurve curve, string source)
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
