using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Crossover.Cli.Tests;

/// <summary>
/// The README's commands are copy-pasteable: every <c>crossover</c> line of its bash blocks runs, in order, in a scratch
/// folder that sees the repository's <c>examples/</c> and <c>../shared/</c>, through the built command — except the lines
/// marked <c># needs: …</c>. <c>RUN</c>, <c>RUN_A</c> and <c>RUN_B</c> become the newest run ids, as a reader would copy them.
/// </summary>
public sealed partial class ReadmeTourTests
{
    [Fact]
    public async Task Readme_EveryCrossoverLineNotMarkedNeeds_RunsAndExitsZero()
    {
        var lines = CommandLines(File.ReadAllText(CliRunner.RepoPath("README.md")));
        var runnable = lines.Where(line => !line.Contains("# needs:", StringComparison.Ordinal)).ToList();
        Assert.True(runnable.Count >= 15, $"only {runnable.Count} runnable lines found in the README");

        var scratch = Directory.CreateTempSubdirectory("crossover-readme-");
        try
        {
            var tour = Directory.CreateDirectory(Path.Combine(scratch.FullName, "repo")).FullName;
            Directory.CreateSymbolicLink(Path.Combine(tour, "examples"), CliRunner.RepoPath("examples"));
            var shared = Path.GetFullPath(Path.Combine(CliRunner.RepoRoot, "..", "shared"));
            if (Directory.Exists(shared))
            {
                Directory.CreateSymbolicLink(Path.Combine(scratch.FullName, "shared"), shared);
            }

            var failures = new List<string>();
            foreach (var line in runnable)
            {
                var command = await WithRunIdsAsync(line, tour);
                var (exit, output) = await BashAsync(command, tour);
                if (exit != 0)
                {
                    failures.Add($"exit {exit}: {command}\n{output}");
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Fact]
    public void Readme_CommandLines_AreFoundInEveryBashBlock()
    {
        var lines = CommandLines("""
            text
            ```bash
            crossover decide a.yaml          # comment
            alias crossover='x'
            crossover eval b.yaml            # needs: a key
            ```
            ```json
            crossover not-bash
            ```
            """);

        Assert.Equal(["crossover decide a.yaml          # comment", "crossover eval b.yaml            # needs: a key"], lines);
    }

    /// <summary>The lines starting with <c>crossover</c> inside <c>```bash</c> blocks.</summary>
    private static List<string> CommandLines(string markdown)
    {
        var lines = new List<string>();
        var inBash = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBash = !inBash && line.Trim() == "```bash";
                continue;
            }

            if (inBash && line.StartsWith("crossover", StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static async Task<string> WithRunIdsAsync(string line, string folder)
    {
        if (!RunPlaceholder().IsMatch(line))
        {
            return line;
        }

        var (exit, output) = await BashAsync("crossover runs list --format json 2>/dev/null", folder);
        Assert.True(exit == 0, $"'{line}' needs a run, and 'crossover runs list' failed: {output}");
        var ids = JsonDocument.Parse(output).RootElement.EnumerateArray().Select(run => run.GetProperty("id").GetString()!).ToList();
        Assert.True(ids.Count >= 2 || !line.Contains("RUN_A", StringComparison.Ordinal), $"'{line}' needs two runs; the store has {ids.Count}");
        return RunPlaceholder().Replace(line, match => match.Value switch
        {
            "RUN_A" => ids[1],
            _ => ids[0],
        });
    }

    private static async Task<(int Exit, string Output)> BashAsync(string line, string folder)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "crossover.dll");
        var start = new ProcessStartInfo("bash", ["-c", $"set -o pipefail; crossover() {{ dotnet '{dll}' \"$@\"; }}; {line}"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // The README promises these lines need no key: run them without any.
        foreach (var key in new[] { "OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "AZURE_OPENAI_API_KEY" })
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"\bRUN(_A|_B)?\b")]
    private static partial Regex RunPlaceholder();
}
