using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Measurement;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

// Evaluation harness benchmark (docs/benchmarks.md, "Evaluation harness"):
//   throughput N  — N items at concurrency 64 through the full harness vs a bare HttpClient loop, same server, same requests
//   memory N      — N items through the harness; prints the peak working set and the managed heap after the run
//   overhead N [cache] — N items through the harness with an in-process model that answers at once: the harness's own cost per call;
//                   with "cache", the response cache is on: each round runs in a fresh store (every call a miss, then written)
//                   and again in the same store (every call a hit)
//   sdk N         — the openai provider's bare IChatClient alone, same server
//   optimize N    — a prompt search over N labeled items with an in-process model that answers at once: the optimizer's own cost per trial
//   cascade N     — every 2- and 3-stage cascade of 6 candidates over N dev and N test items, 3 gates × 50 thresholds (CascadeBenchmark.cs)
//   cli N [DLL]   — the real `crossover eval` process (DLL: its crossover.dll, default the Release build beside this repo) over N items; its peak RSS
//   report N      — the run report alone over a generated store of N items × 2 candidates, in a child process; its peak RSS
//   report-all N  — the same, the child first holding every record as the report did before it streamed (EndToEndMemoryBenchmark.cs)
// Run each mode in its own process so peaks do not mix: dotnet run -c Release -- memory 100000
// Timed modes repeat rounds until the last three agree (tiered JIT has settled) and print the first round apart.
var mode = args.Length > 0 ? args[0] : "throughput";
if (mode is "report-load" or "report-load-all")
{
    EndToEndMemoryBenchmark.Load(args[1], allRecords: mode == "report-load-all");
    return;
}

var items = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
if (mode == "cascade")
{
    CascadeBenchmark.Run(items);
    return;
}

if (mode is "report" or "report-all")
{
    EndToEndMemoryBenchmark.Report(items, allRecords: mode == "report-all");
    return;
}

const int Concurrency = 64;
string[] labels = ["billing", "technical", "account", "shipping", "cancellation"];

using var server = new ScriptedServer(request => Reply.Text(labels[request.UserMessage.Length % labels.Length], 60, 2), keepRequests: false);
var folder = Path.Combine(Path.GetTempPath(), "crossover-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
try
{
    var data = Path.Combine(folder, "data.jsonl");
    using (var writer = new StreamWriter(data))
    {
        for (var i = 0; i < items; i++)
        {
            writer.WriteLine(JsonSerializer.Serialize(new { id = $"t{i}", text = $"Ticket {i}: I was charged twice for order {i * 7 % 99991} and need a refund.", label = labels[i % labels.Length] }));
        }
    }

    var experimentPath = Path.Combine(folder, "experiment.yaml");
    File.WriteAllText(experimentPath, $$"""
        name: bench
        dataset: { path: data.jsonl, expected: label, id: id, split: { train: 0, dev: 0, test: 1, seed: 1 } }
        task: { kind: classification, instructions: "Route the ticket to one queue.", input: "{{"{{"}}text{{"}}"}}", labels: [billing, technical, account, shipping, cancellation] }
        candidates:
          - name: bench
            model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{server.BaseUrl}}/v1" }
        metrics: [accuracy]
        concurrency: {{Concurrency}}
        """);
    var experiment = ExperimentReader.Load(experimentPath);

    if (mode == "sdk")
    {
        var client = new ProviderRegistry().CreateClient(experiment.Candidates[0].Model);
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, items), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, token) =>
            {
                await client.GetResponseAsync([new(Microsoft.Extensions.AI.ChatRole.System, "Route."), new(Microsoft.Extensions.AI.ChatRole.User, $"Ticket {i}: x")], cancellationToken: token);
            });
            Console.WriteLine($"sdk {items / clock.Elapsed.TotalSeconds:0} req/s");
        }
    }
    else if (mode == "overhead")
    {
        var cache = args.Length > 2 && args[2] == "cache";
        var registry = new ProviderRegistry();
        registry.Register("openai", _ => new InstantChatClient(labels));
        var runner = new EvalRunner(registry, null) { UseCache = cache };
        var misses = new SteadyState(window: 3, tolerance: 0.10, maxRounds: 12);
        var hits = new SteadyState(window: 3, tolerance: 0.10, maxRounds: 12);
        for (var round = 0; !misses.Done || (cache && !hits.Done); round++)
        {
            var store = RunStore.Open(Path.Combine(folder, $"o{round}.db"));
            var (rate, cpu) = await Overhead(runner, experiment, store, items);
            misses.Add(cpu);
            var line = string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: {rate:0} calls/s, {cpu:0.0} µs CPU per call{(cache ? " (cache: every call a miss, written)" : string.Empty)}");
            if (cache)
            {
                var (hitRate, hitCpu) = await Overhead(runner, experiment, store, items);
                hits.Add(hitCpu);
                line += string.Create(CultureInfo.InvariantCulture, $"; rerun {hitRate:0} calls/s, {hitCpu:0.0} µs CPU per call (every call a hit)");
            }

            Console.WriteLine(line);
        }

        Console.WriteLine($"overhead items={items} cache={(cache ? "on" : "off")} {(cache ? "miss " : string.Empty)}{misses.Describe("us-per-call", "0.0")}");
        if (cache)
        {
            Console.WriteLine($"overhead items={items} cache=on hit {hits.Describe("us-per-call", "0.0")}");
        }
    }
    else if (mode == "throughput")
    {
        // Warm both paths (connections, tokenizer) before timing; rounds then run until the ratio has settled.
        await Bare(server.BaseUrl, 500);
        await Harness(experiment, folder, "warm");
        BareCpu.Clear();
        HarnessCpu.Clear();
        // Rounds alternate bare and harness so drift on the shared box hits both; the ratio is taken per round.
        var ratios = new SteadyState(window: 3, tolerance: 0.15, maxRounds: 15);
        var bare = new List<double>();
        var harness = new List<double>();
        for (var round = 0; !ratios.Done; round++)
        {
            bare.Add(items / await Bare(server.BaseUrl, items));
            harness.Add(items / await Harness(experiment, folder, $"r{round}"));
            ratios.Add(harness[^1] / bare[^1]);
        }

        var last = ratios.Rounds.Count - 3;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU per request (client and server together, last 3 rounds): bare {BareCpu.Skip(last).Average() / items:0} µs, harness {HarnessCpu.Skip(last).Average() / items:0} µs"));
        static string List(IEnumerable<double> xs) => string.Join(", ", xs.Select(x => x.ToString("0", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"items={items} concurrency={Concurrency} first round: bare {bare[0]:0} req/s, harness {harness[0]:0} req/s; last 3 rounds: bare median {bare.Skip(last).Order().ElementAt(1):0} req/s, harness median {harness.Skip(last).Order().ElementAt(1):0} req/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput ratio {ratios.Describe("ratio", "0.00")} (per-round ratios {string.Join(", ", ratios.Rounds.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}; bare rounds {List(bare)}; harness rounds {List(harness)})"));
    }
    else if (mode == "cli")
    {
        var cli = args.Length > 2 ? args[2] : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Crossover.Cli/bin/Release/net10.0/crossover.dll"));
        EndToEndMemoryBenchmark.Cli(experimentPath, folder, items, cli);
    }
    else if (mode == "optimize")
    {
        await OptimizeBenchmark.RunAsync(folder, items, labels);
    }
    else
    {
        var seconds = await Harness(experiment, folder, "mem");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"items={items} seconds={seconds:0.0} rate={items / seconds:0} req/s peakWorkingSetMiB={process.PeakWorkingSet64 / 1048576.0:0} heapAfterMiB={GC.GetTotalMemory(true) / 1048576.0:0}"));
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

// The harness's own cost: calls per second and process CPU per call over one run.
static async Task<(double Rate, double CpuMicroseconds)> Overhead(EvalRunner runner, Experiment experiment, RunStore store, int items)
{
    var clock = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var outcome = await runner.RunAsync(experiment, store);
    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    if (outcome.Errors > 0)
    {
        throw new InvalidOperationException($"{outcome.Errors} errors in the overhead run");
    }

    return (items / clock.Elapsed.TotalSeconds, used.TotalMicroseconds / items);
}

static async Task<double> Harness(Experiment experiment, string folder, string name)
{
    var store = RunStore.Open(Path.Combine(folder, name + ".db"));
    var runner = new EvalRunner(new ProviderRegistry(), null) { UseCache = false };
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var outcome = await runner.RunAsync(experiment, store);
    HarnessCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds);
    if (outcome.Errors > 0)
    {
        throw new InvalidOperationException($"{outcome.Errors} errors in the harness run");
    }

    return clock.Elapsed.TotalSeconds;
}

// The baseline: the same chat-completions requests from one HttpClient, 64 in flight, reading each answer's text.
static async Task<double> Bare(string baseUrl, int count)
{
    using var http = new HttpClient();
    var uri = new Uri(baseUrl + "/v1/chat/completions");
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, token) =>
    {
        var body = new JsonObject
        {
            ["model"] = "gpt-4.1-mini",
            ["temperature"] = 0,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "Route the ticket to one queue.\nAnswer with exactly one of: billing, technical, account, shipping, cancellation. Reply with the label only." },
                new JsonObject { ["role"] = "user", ["content"] = $"Ticket {i}: I was charged twice for order {i * 7 % 99991} and need a refund." }),
        };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(uri, content, token);
        response.EnsureSuccessStatusCode();
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!;
        _ = (string?)json["choices"]![0]!["message"]!["content"];
    });
    var seconds = clock.Elapsed.TotalSeconds;
    BareCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds);
    return seconds;
}

internal static partial class Program
{
    private static readonly List<double> BareCpu = [];
    private static readonly List<double> HarnessCpu = [];
}

// Answers every call at once without I/O, so the harness's own work is all that is measured.
internal sealed class InstantChatClient(string[] labels) : Microsoft.Extensions.AI.IChatClient
{
    public Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new Microsoft.Extensions.AI.ChatResponse(new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.Assistant, labels[messages.Last().Text.Length % labels.Length]))
        {
            Usage = new Microsoft.Extensions.AI.UsageDetails { InputTokenCount = 60, OutputTokenCount = 2 },
        });

    public IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
