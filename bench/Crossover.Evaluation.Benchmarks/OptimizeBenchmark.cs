using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Optimization;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

/// <summary>
/// The optimizer's own overhead: a search whose model answers at once (in process), so all time is the optimizer and the
/// eval pipeline under it. Reported per trial-round (one prompt scored on one round's batch) and per call, next to the
/// same calls through a plain eval run, so the optimizer's share is the difference.
/// </summary>
internal static class OptimizeBenchmark
{
    public static async Task RunAsync(string folder, int items, string[] labels)
    {
        var data = Path.Combine(folder, "optimize.jsonl");
        await File.WriteAllLinesAsync(data, Enumerable.Range(0, items).Select(i => JsonSerializer.Serialize(new { id = $"o{i}", text = $"Ticket {i}: my order {i * 7 % 99991} needs attention.", label = labels[i % labels.Length] })));
        var path = Path.Combine(folder, "optimize.yaml");
        await File.WriteAllTextAsync(path, $$"""
            name: optimize-bench
            dataset: { path: optimize.jsonl, expected: label, id: id, split: { train: 0.4, dev: 0.4, test: 0.2, seed: 1 } }
            task: { kind: classification, instructions: "Route the ticket to one queue.", input: "{{"{{"}}text{{"}}"}}", labels: [{{string.Join(", ", labels)}}] }
            candidates:
              - name: start
                model: { provider: instant, id: instant }
            metrics: [accuracy]
            concurrency: 16
            """);
        var experiment = ExperimentReader.Load(path);
        var registry = new ProviderRegistry();
        registry.Register("instant", _ => new InstantChatClient(labels));
        var options = new OptimizeOptions { Candidate = "start", Trials = 24, Proposals = 0, FirstBatch = 16 };

        for (var round = 0; round < 3; round++)
        {
            var store = RunStore.Open(Path.Combine(folder, $"opt{round}.db"));
            var runner = new EvalRunner(registry, null) { UseCache = true };
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await new PromptOptimizer(runner).RunAsync(experiment, store, options);
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var wall = clock.Elapsed;
            var trialRounds = result.Trajectory.Count;
            var calls = store.Runs().Where(r => r.Name.EndsWith("-optimize", StringComparison.Ordinal)).Sum(r => store.Records(r.Id).Count());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"optimize items={items} trial-rounds={trialRounds} records={calls} wall={wall.TotalSeconds:0.00}s: {wall.TotalMilliseconds / trialRounds:0.0} ms and {used.TotalMilliseconds / trialRounds:0.0} ms CPU per trial-round, {used.TotalMicroseconds / calls:0} µs CPU per record"));
        }
    }
}
