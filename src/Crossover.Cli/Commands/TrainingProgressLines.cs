using System.Globalization;
using Crossover.LocalModels;

namespace Crossover.Cli.Commands;

/// <summary>
/// Training progress on stderr for every verb that trains in process (local train, tune start --backend local, tune
/// curve): step, epoch, loss, tokens/s and ETA, at most one line a second (and always the last step), so a long run on a
/// terminal or in a log shows where it is without flooding either. Written synchronously: <see cref="Progress{T}"/> would
/// post to the thread pool and print out of order.
/// </summary>
/// <param name="context">The CLI context: stderr and the clock.</param>
/// <param name="label">A prefix naming what trains (e.g. the curve's size), or null.</param>
internal sealed class TrainingProgressLines(CliContext context, string? label = null) : IProgress<TrainingProgress>
{
    private readonly ProgressThrottle _throttle = new(context.Time);

    public void Report(TrainingProgress value)
    {
        if (_throttle.ShouldPrint(final: value.Step == value.TotalSteps))
        {
            context.Error.WriteLine(Line(value, label));
        }
    }

    /// <summary>One progress line.</summary>
    internal static string Line(TrainingProgress value, string? label) => string.Create(CultureInfo.InvariantCulture,
        $"{(label is null ? string.Empty : label + ": ")}step {value.Step}/{value.TotalSteps} ({100.0 * value.Step / Math.Max(1, value.TotalSteps):0}%) epoch {value.Epoch} loss {value.TrainLoss:0.0000} lr {value.LearningRate:0.###e0} {value.TokensPerSecond:0} tok/s ETA {value.Eta:h\\:mm\\:ss}");
}
