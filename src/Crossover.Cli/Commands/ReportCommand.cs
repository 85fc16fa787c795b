using System.CommandLine;
using System.Reflection;
using Crossover.Core.Catalog;
using Crossover.Core.Decisions;
using Crossover.Core.Input;
using Crossover.Core.Profiles;
using Crossover.Evaluation.Cascades;
using Crossover.Evaluation.Optimization;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Store;
using Crossover.Reports;
using Crossover.Tuning.Jobs;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover report PROFILE --out FILE</c>: the decision as a page people can read, forward and print.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var profileArgument = new Argument<string>("profile") { Description = "The use-case profile (YAML or JSON; see docs/profile.md)." };
        var outOption = new Option<string>("--out")
        {
            Description = "The report file to write; Markdown writes its chart SVGs next to it (see docs/report.md).",
            Required = true,
        };
        var formatOption = CommonOptions.Format("html", "markdown");
        var catalogOption = CommonOptions.Catalog();
        var evidenceOptions = new EvidenceOptions();
        var jobsOption = new Option<bool>("--jobs") { Description = "Add the fine-tuning jobs recorded in --db (crossover tune start), with status and training cost." };
        var command = new Command("report", "Write the decision as one self-contained HTML page (or Markdown): answer, criteria, economics, uncertainty, evidence, provenance.")
        {
            profileArgument, outOption, formatOption, catalogOption, jobsOption,
        };
        evidenceOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var profilePath = parse.GetValue(profileArgument)!;
            var outPath = parse.GetValue(outOption)!;
            var profile = ProfileReader.Load(profilePath);
            var catalog = CommonOptions.LoadCatalog(parse.GetValue(catalogOption));
            var request = evidenceOptions.Request(parse);
            var runId = request.RunId;
            var run = runId is null ? null : RunReport.Load(RunStore.OpenReadOnly(request.DbPath), runId, catalog);
            var curve = request.ReadCurve();

            // The same Monte Carlo defaults as 'decide', so the page and 'decide --format json' give the same answer.
            var decision = Decider.Decide(profile, catalog, new DecideOptions { Evidence = request.Read(curve, run) });
            var jobs = parse.GetValue(jobsOption) ? Jobs(request.DbPath, catalog) : null;
            var report = new ReportContext(decision, ToolVersion(), context.Time.GetUtcNow(), profilePath, run, curve, jobs)
            {
                Cascades = runId is null ? null : CascadeStore.Find(RunStore.OpenExisting(request.DbPath), runId),
                Optimized = runId is null ? [] : OptimizationStore.Optimized(request.DbPath),
            };
            var format = parse.GetValue(formatOption) == "markdown" ? ReportFormat.Markdown : ReportFormat.Html;
            IReadOnlyList<string> written;
            try
            {
                written = ReportRenderer.Write(report, format, outPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"cannot write the report to '{outPath}': {ex.Message}", hint: "choose a writable path with --out");
            }

            foreach (var file in written)
            {
                context.Out.WriteLine(file);
            }

            return CrossoverCli.Ok;
        });
        return command;
    }

    private static List<JobSummary> Jobs(string dbPath, PriceCatalog catalog)
    {
        return [.. TuningJobStore.OpenExisting(dbPath).List().Select(j => new JobSummary(
            j.Id, j.Backend, j.Provider, j.BaseModel, j.Status.Name(), j.FineTunedModel, j.CandidateName, j.TrainedTokens,
            j.TrainedTokens is { } tokens ? catalog.FindModel(j.BaseModel)?.FineTuning?.TrainingUsd(tokens) : null,
            j.Error, j.CreatedAt, j.FinishedAt))];
    }

    /// <summary>The version with a short commit id, e.g. <c>0.1.0+c48f306e2183</c>, so a report names the build that made it.</summary>
    private static string ToolVersion()
    {
        var version = typeof(ReportCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && version.Length > plus + 13 ? version[..(plus + 13)] : version;
    }
}
