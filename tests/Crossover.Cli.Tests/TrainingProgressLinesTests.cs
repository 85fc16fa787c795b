using Crossover.Cli.Commands;
using Crossover.LocalModels;
using Microsoft.Extensions.Time.Testing;

namespace Crossover.Cli.Tests;

public sealed class TrainingProgressLinesTests
{
    [Fact]
    public void Report_ManyStepsInOneSecond_PrintsTheFirstAndLastWithEta()
    {
        var time = new FakeTimeProvider();
        using var error = new StringWriter();
        var progress = new TrainingProgressLines(new CliContext(TextWriter.Null, error, time), "curve-100");

        for (var step = 1; step <= 40; step++)
        {
            progress.Report(new TrainingProgress(step, 40, 1, 0.5, 1e-4, 900, TimeSpan.FromSeconds(40 - step)));
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var lines = error.ToString().TrimEnd().Split('\n');
        Assert.InRange(lines.Length, 4, 6);
        Assert.StartsWith("curve-100: step 1/40 (3%) epoch 1", lines[0], StringComparison.Ordinal);
        Assert.Contains("ETA 0:00:39", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("curve-100: step 40/40 (100%)", lines[^1], StringComparison.Ordinal);
    }
}
