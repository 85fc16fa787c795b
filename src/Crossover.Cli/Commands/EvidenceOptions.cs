using System.CommandLine;
using Crossover.Core.Input;
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
        DefaultValueFactory = _ => RunStore.DefaultPath,
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

    /// <summary>The request these options make of the run store (after checking that candidates come with --evidence).</summary>
    public EvidenceRequest Request(ParseResult parse) => new(parse.GetValue(Db)!)
    {
        RunId = RunId(parse),
        Prompted = parse.GetValue(Prompted),
        FineTuned = parse.GetValue(FineTuned),
        Cascade = parse.GetValue(Cascade),
        Curve = parse.GetValue(Curve),
    };
}
