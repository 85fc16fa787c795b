using System.Diagnostics;
using System.Globalization;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Store;

/// <summary>
/// Peak memory of evaluation end to end (docs/benchmarks.md, "Evaluation end to end: memory"): the real <c>crossover
/// eval</c> process against the scripted server, and the run report alone over a generated store. Peaks are measured
/// by GNU time (<c>/usr/bin/time -f %M</c>, the child's maximum resident set), so the benchmark's own server and
/// generator do not count.
/// </summary>
internal static class EndToEndMemoryBenchmark
{
    private static readonly string[] Labels = ["billing", "technical", "account", "shipping", "cancellation"];

    /// <summary>Runs <c>crossover eval EXPERIMENT --db DB</c> as a child process and prints its peak resident set and wall time.</summary>
    /// <param name="experimentPath">The experiment (its candidates call the scripted server).</param>
    /// <param name="folder">Where the store goes.</param>
    /// <param name="items">Items in the dataset (for the printout).</param>
    /// <param name="cli">The CLI's entry assembly (crossover.dll), run with <c>dotnet</c>.</param>
    public static void Cli(string experimentPath, string folder, int items, string cli)
    {
        var db = Path.Combine(folder, "cli.db");
        var (peakKiB, seconds, output) = Measure("dotnet", [cli, "eval", experimentPath, "--db", db]);
        var store = RunStore.OpenReadOnly(db);
        var records = store.Runs().Sum(r => store.Records(r.Id).Count());
        if (records != items)
        {
            throw new InvalidOperationException($"the CLI stored {records} records for {items} items:\n{output}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cli items={items} seconds={seconds:0.0} peakRssMiB={peakKiB / 1024.0:0} cli={cli}"));
    }

    /// <summary>
    /// Writes a run of <paramref name="items"/> items × 2 candidates straight into a store (no server), then computes its
    /// report in a child process and prints the child's peak; with <paramref name="allRecords"/> the child first holds
    /// every record in memory, as the report did before it streamed (a lower bound of that peak).
    /// </summary>
    public static void Report(int items, bool allRecords)
    {
        var folder = Path.Combine(Path.GetTempPath(), "crossover-bench-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var db = Path.Combine(folder, "report.db");
            var clock = Stopwatch.StartNew();
            Generate(db, items);
            var written = clock.Elapsed.TotalSeconds;
            var self = typeof(EndToEndMemoryBenchmark).Assembly.Location;
            var (peakKiB, seconds, output) = Measure("dotnet", [self, allRecords ? "report-load-all" : "report-load", db]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"report{(allRecords ? " (all records held)" : string.Empty)} items={items} candidates=2 write={written:0.0}s childSeconds={seconds:0.0} peakRssMiB={peakKiB / 1024.0:0} {output.Trim()}"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The child of <see cref="Report"/>: loads the report (optionally after loading every record) and prints what it read.</summary>
    public static void Load(string db, bool allRecords)
    {
        var store = RunStore.OpenReadOnly(db);
        var clock = Stopwatch.StartNew();
        var held = allRecords ? store.Records("bench").ToList() : null;
        var report = RunReport.Load(store, "bench", null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reportSeconds={clock.Elapsed.TotalSeconds:0.0} accuracy={report.Candidates[0].Metrics["accuracy"].Value:0.0000} p={report.Comparisons[0].Result.PValue:0.0000} held={held?.Count ?? 0}"));
    }

    private static void Generate(string db, int items)
    {
        var store = RunStore.Open(db);
        store.AddRun(new RunInfo("bench", "bench", "experiment.yaml", "name: bench", DateTimeOffset.UnixEpoch, "accuracy", "accuracy,format-compliance",
            [new RunCandidate("a", new RunModel("openai", "gpt-4.1-mini", null)), new RunCandidate("b", new RunModel("openai", "gpt-4.1-nano", null))]));
        var random = new Random(7);
        using var writer = store.OpenWriter();
        var batch = new List<RunRecord>(1024);
        foreach (var candidate in new[] { "a", "b" })
        {
            for (var i = 0; i < items; i++)
            {
                // Records shaped like the harness's: a label answer, its scores, tokens and latency.
                var expected = Labels[i % Labels.Length];
                var output = random.NextDouble() < (candidate == "a" ? 0.9 : 0.85) ? expected : Labels[random.Next(Labels.Length)];
                var right = output == expected ? 1 : 0;
                batch.Add(new RunRecord("bench", candidate, $"t{i}", 0, "5f0c6e1d2a9b4c3d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d", expected, output, output, true,
                    $$"""{"accuracy":{{right}},"exact-match":{{right}},"format-compliance":1}""", 60, 0, 2, 40, 0, 20, 5 + random.NextDouble(), false, null));
                if (batch.Count == batch.Capacity)
                {
                    writer.Append(batch);
                    batch.Clear();
                }
            }
        }

        writer.Append(batch);
    }

    private static (long PeakKiB, double Seconds, string Output) Measure(string program, IReadOnlyList<string> arguments)
    {
        var peakFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-f", "%M", "-o", peakFile, program }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/time (GNU time) to measure the peak");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            var output = stdout.Result + stderr.Result;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} exited with {process.ExitCode}:\n{output}");
            }

            return (long.Parse(File.ReadAllLines(peakFile).Last(l => l.Length > 0), CultureInfo.InvariantCulture), clock.Elapsed.TotalSeconds, output);
        }
        finally
        {
            File.Delete(peakFile);
        }
    }
}
