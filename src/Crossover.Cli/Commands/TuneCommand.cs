using System.CommandLine;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover tune …</c>: the fine-tuning path; each subcommand lives in its own <c>Tune*Command</c> class.</summary>
internal static class TuneCommand
{
    public static Command Create(CliContext context) =>
        new("tune", "Fine-tuning: prepare and validate training data, run and track jobs, distill, and measure how much data is enough.")
        {
            TunePrepareCommand.Create(context),
            TuneStartCommand.Create(context),
            TuneStatusCommand.Create(context),
            TuneCancelCommand.Create(context),
            TuneImportCommand.Create(context),
            TuneExportCommand.Create(context),
            TuneDistillCommand.Create(context),
            TuneCurveCommand.Create(context),
        };
}
