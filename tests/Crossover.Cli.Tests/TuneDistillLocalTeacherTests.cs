using System.Text.Json;

namespace Crossover.Cli.Tests;

/// <summary>Distillation from a teacher served in process: the local engine hands out one client per model folder.</summary>
public sealed class TuneDistillLocalTeacherTests
{
    [Fact]
    public async Task Distill_LocalTeacher_EveryCallIsAnsweredByTheEngine()
    {
        using var workspace = new CurveWorkspace(rows: 20);
        var inputs = Path.Combine(workspace.Folder, "inputs.jsonl");
        File.WriteAllLines(inputs, Enumerable.Range(0, 4).Select(i => JsonSerializer.Serialize(new { text = $"new key {CurveWorkspace.Keys[i]}{i}" })));
        var output = Path.Combine(workspace.Folder, "distilled.jsonl");

        var result = await CliRunner.RunAsync("tune", "distill", workspace.Experiment, "--teacher", "base-zero-shot", "--inputs", inputs, "--out", output, "--db", workspace.Db);

        Assert.Contains("distill: 4/4 teacher calls", result.Stderr, StringComparison.Ordinal);
        // The tiny random model's answers need not pass the checks, but every call must have been answered.
        Assert.DoesNotContain("call-failed", result.Stderr, StringComparison.Ordinal);
    }
}
