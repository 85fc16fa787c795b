using System.CommandLine;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover tune cancel JOB</c>: ask the provider to stop a job.</summary>
internal static class TuneCancelCommand
{
    public static Command Create(CliContext context)
    {
        var jobArgument = new Argument<string>("job") { Description = "Our job id (tj-…) or the provider's." };
        var dbOption = EvalCommand.Db();
        var formatOption = CommonOptions.Format("text", "json");
        var cancel = new Command("cancel", "Cancel a running fine-tuning job at its provider.") { jobArgument, dbOption, formatOption };
        cancel.SetAction(async (parse, ct) =>
        {
            var jobs = TuneJobOutput.Service(parse.GetValue(dbOption)!, context);
            var job = await jobs.CancelAsync(TuneStatusCommand.Find(jobs, parse.GetValue(jobArgument)!), ct);
            TuneJobOutput.Write(jobs, job, parse.GetValue(formatOption) == "json", context);
            return CrossoverCli.Ok;
        });
        return cancel;
    }
}
