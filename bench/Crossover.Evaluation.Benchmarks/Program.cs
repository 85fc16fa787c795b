using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

// Evaluation harness benchmark (docs/benchmarks.md, "Evaluation harness"):
//   throughput N  — N items at concurrency 64 through the full harness vs a bare HttpClient loop, same server, same requests
//   memory N      — N items through the harness; prints the peak working set and the managed heap after the run
//   overhead N    — N items through the harness with an in-process model that answers at once: the harness's own cost per call
//   sdk N         — the openai provider's bare IChatClient alone, same server
//   optimize N    — a prompt search over N labeled items with an in-process model that answers at once: the optimizer's own cost per trial
//   cascade N     — every 2- and 3-stage cascade of 6 candidates over N dev and N test items, 3 gates × 50 thresholds (CascadeBenchmark.cs)
//   cli N [DLL]   — the real `crossover eval` process (DLL: its crossover.dll, default the Release build beside this repo) over N items; its peak RSS
//   report N      — the run report alone over a generated store of N items × 2 candidates, in a child process; its peak RSS
//   report-all N  — the same, the child first holding every record as the report did before it streamed (EndToEndMemoryBenchmark.cs)
// Run each mode in its own process so peaks do not mix: dotnet run -c Release -- memory 100000
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
        var registry = new ProviderRegistry();
        registry.Register("openai", _ => new InstantChatClient(labels));
        for (var round = 0; round < 3; round++)
        {
            var store = RunStore.Open(Path.Combine(folder, $"o{round}.db"));
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await new EvalRunner(registry, null) { UseCache = false }.RunAsync(experiment, store);
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overhead {items / clock.Elapsed.TotalSeconds:0} calls/s, {used.TotalMicroseconds / items:0.0} µs CPU per call"));
        }
    }
    else if (mode == "throughput")
    {
        // Warm both paths (JIT, connections, tokenizer) before timing.
        await Bare(server.BaseUrl, 500);
        await Harness(experiment, folder, "warm");
        BareCpu.Clear();
        HarnessCpu.Clear();
        // Rounds alternate bare and harness so drift on the shared box hits both; the ratio is taken per round, then the median.
        const int Rounds = 7;
        var bare = new List<double>();
        var harness = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            bare.Add(items / await Bare(server.BaseUrl, items));
            harness.Add(items / await Harness(experiment, folder, $"r{round}"));
        }

        var ratios = bare.Zip(harness, (b, h) => h / b).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU per request (client and server together): bare {BareCpu.Average() / items:0} µs, harness {HarnessCpu.Average() / items:0} µs"));
        static string List(IEnumerable<double> xs) => string.Join(", ", xs.Select(x => x.ToString("0", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"items={items} concurrency={Concurrency} bare median={bare.Order().ElementAt(Rounds / 2):0} req/s harness median={harness.Order().ElementAt(Rounds / 2):0} req/s ratio median={ratios[Rounds / 2]:0.00} (per-round ratios {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}; bare rounds {List(bare)}; harness rounds {List(harness)})"));
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
