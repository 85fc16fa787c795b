using System.CommandLine;
using Crossover.Core.Input;
using Crossover.Tuning.Jobs;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover tune status [JOB] [--wait]</c>: refresh from the provider and print one job, or list them all.</summary>
internal static class TuneStatusCommand
{
    public static Command Create(CliContext context)
    {
        var jobArgument = new Argument<string?>("job") { Description = "Our job id (tj-…) or the provider's; leave out to list every job.", Arity = ArgumentArity.ZeroOrOne };
        var waitOption = new Option<bool>("--wait") { Description = "Poll until the job ends." };
        var pollOption = TuneJobOutput.PollInterval();
        var timeoutOption = TuneJobOutput.Timeout();
        var dbOption = EvalCommand.Db();
        var formatOption = CommonOptions.Format("text", "json");
        var status = new Command("status", "Refresh fine-tuning jobs from their provider and show status, events, the tuned model and trained tokens.")
        {
            jobArgument, waitOption, pollOption, timeoutOption, dbOption, formatOption,
        };
        status.SetAction(async (parse, ct) =>
        {
            var jobs = TuneJobOutput.Service(parse.GetValue(dbOption)!, context);
            var json = parse.GetValue(formatOption) == "json";
            if (parse.GetValue(jobArgument) is not { } id)
            {
                var list = new List<TuningJob>();
                foreach (var job in jobs.Store.List())
                {
                    try
                    {
                        list.Add(await jobs.RefreshAsync(job, ct));
                    }
                    catch (InputException ex)
                    {
                        context.Error.WriteLine($"warning: {job.Id} not refreshed: {ex.Message}");
                        list.Add(job);
                    }
                }

                TuneJobOutput.WriteList(list, json, context);
                return CrossoverCli.Ok;
            }

            var found = Find(jobs, id);
            if (!parse.GetValue(waitOption))
            {
                found = await jobs.RefreshAsync(found, ct);
            }

            return await TuneJobOutput.FinishAsync(jobs, found, parse.GetValue(waitOption), parse.GetValue(pollOption), parse.GetValue(timeoutOption), json, context, ct);
        });
        return status;
    }

    public static TuningJob Find(TuningJobs jobs, string id) =>
        jobs.Store.Find(id) ?? throw new InputException($"no tuning job '{id}' in the job store", jobs.Store.Path, hint: jobs.Store.List() is { Count: > 0 } all
            ? "jobs here: " + string.Join(", ", all.Take(10).Select(j => j.Id))
            : "start one with 'crossover tune start EXPERIMENT', or pass --db with the store's path");
}
