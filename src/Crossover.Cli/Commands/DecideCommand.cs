using System.CommandLine;
using Crossover.Core.Decisions;
using Crossover.Core.Formatting;
using Crossover.Core.Input;
using Crossover.Core.Profiles;
using Crossover.Reports;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover decide PROFILE</c>: the recommendation with its reasons, economics and uncertainty.</summary>
internal static class DecideCommand
{
    public static Command Create(CliContext context)
    {
        var profileArgument = new Argument<string>("profile") { Description = "The use-case profile (YAML or JSON; see docs/profile.md)." };
        var formatOption = CommonOptions.Format("table", "json", "markdown");
        var catalogOption = CommonOptions.Catalog();
        var drawsOption = new Option<int>("--draws") { Description = "Monte Carlo draws over the profile's ranges.", DefaultValueFactory = _ => new DecideOptions().MonteCarloDraws };
        var seedOption = new Option<int>("--seed") { Description = "Monte Carlo seed.", DefaultValueFactory = _ => new DecideOptions().Seed };
        var evidenceOptions = new EvidenceOptions();
        var command = new Command("decide", "Recommend prompt engineering, fine-tuning or a hybrid for a use-case profile, with economics.")
        {
            profileArgument, formatOption, catalogOption, drawsOption, seedOption,
        };
        evidenceOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var profile = ProfileReader.Load(parse.GetValue(profileArgument)!);
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            if (evidenceOptions.RunId(parse) is { } runId && parse.GetValue(evidenceOptions.Prompted) is null && parse.GetValue(evidenceOptions.FineTuned) is null
                && parse.GetValue(evidenceOptions.Cascade) is null)
            {
                throw new InputException($"--evidence {runId} needs the candidate that stands for each deployment", hint: "add --prompted NAME, --fine-tuned NAME (the names in the run's experiment file) and/or --cascade NAME");
            }

            var request = evidenceOptions.Request(parse);
            var evidence = request.Read(request.ReadCurve());
            var today = DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime);
            var report = Decider.Decide(profile, catalog, new DecideOptions { MonteCarloDraws = parse.GetValue(drawsOption), Seed = parse.GetValue(seedOption), Evidence = evidence, DecisionDate = today });
            foreach (var warning in report.Warnings)
            {
                context.Error.WriteLine($"warning: {warning}");
            }

            switch (parse.GetValue(formatOption))
            {
                case "json":
                    context.Out.WriteLine(DecisionJson.Serialize(report));
                    break;
                case "markdown":
                    context.Out.Write(ReportRenderer.RenderDecisionMarkdown(report));
                    break;
                default:
                    ReportRenderer.WriteDecision(report, context.Console);
                    break;
            }

            return CrossoverCli.Ok;
        });
        return command;
    }
}
