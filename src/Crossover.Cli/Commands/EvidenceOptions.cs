using System.CommandLine;
using Crossover.Core.Evidence;
using Crossover.Core.Input;
using Crossover.Evaluation.Store;

namespace Crossover.Cli.Commands;

/// <summary>
/// <c>--evidence RUN [--db FILE] [--prompted NAME] [--fine-tuned NAME]</c>: the same four options on every verb that
/// feeds an evaluation run into the decision, so <c>decide</c> and <c>report</c> read a run the same way.
/// </summary>
internal sealed class EvidenceOptions
{
    public Option<string?> Run { get; } = new("--evidence")
    {
        Description = "An evaluation run id ('crossover eval' prints it); with --prompted/--fine-tuned its measurements replace profile values.",
    };

    public Option<string> Db { get; } = new("--db")
    {
        Description = "The run store holding --evidence.",
        DefaultValueFactory = _ => Path.Combine(".crossover", "crossover.db"),
    };

    public Option<string?> Prompted { get; } = new("--prompted") { Description = "The run's candidate that stands for the prompted deployment." };

    public Option<string?> FineTuned { get; } = new("--fine-tuned") { Description = "The run's candidate that stands for the fine-tuned deployment." };

    public void AddTo(Command command)
    {
        command.Options.Add(Run);
        command.Options.Add(Db);
        command.Options.Add(Prompted);
        command.Options.Add(FineTuned);
    }

    /// <summary>The run id named by --evidence, after checking that --prompted/--fine-tuned are not given without it.</summary>
    public string? RunId(ParseResult parse)
    {
        var runId = parse.GetValue(Run);
        if (runId is null && (parse.GetValue(Prompted) is not null || parse.GetValue(FineTuned) is not null))
        {
            throw new InputException("--prompted and --fine-tuned name candidates of an evaluation run", hint: "add --evidence RUN");
        }

        return runId;
    }

    /// <summary>The measurements of the named candidates, or null when neither --prompted nor --fine-tuned is given.</summary>
    public RunEvidence? Read(ParseResult parse, string runId)
    {
        var prompted = parse.GetValue(Prompted);
        var fineTuned = parse.GetValue(FineTuned);
        return prompted is null && fineTuned is null ? null : EvidenceReader.Read(parse.GetValue(Db)!, runId, prompted, fineTuned);
    }
}
