using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;
using Crossover.Evaluation.Tokens;
using Crossover.LocalModels;

// Local serving benchmark (docs/benchmarks.md, "Local engine: batched serving"):
//   serving SIZE ITEMS MAX_OUTPUT — ITEMS classification calls at concurrency 16 through EvalRunner (the `eval` path) with
//   provider: local, once serving one call at a time (LocalChatClient maxBatch 1, the engine before continuous batching)
//   and once with continuous batching (maxBatch 16); SIZE is 100m (hidden 768, 12 layers, MLP 2560) or 10m (hidden 256,
//   8 layers, MLP 688), random weights, the byte-level test tokenizer. Each configuration is warmed up with one run first.
// Run: dotnet run -c Release --project bench/Crossover.LocalModels.Benchmarks -- serving 100m 32 8
//
// Model load (docs/benchmarks.md, "Local engine: model load"): load MODEL_DIR [REPEATS] — where LocalModel.Load's time goes.
// Run: dotnet run -c Release --project bench/Crossover.LocalModels.Benchmarks -- load ../shared/models/stories260K-hf 5
if (args is ["load", var loadDir, ..])
{
    LoadTimes.Run(loadDir, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
    return;
}

var size = args.Length > 1 ? args[1] : "100m";
var items = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
var maxOutput = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8;
const int Concurrency = 16;
string[] labels = ["billing", "technical", "account", "shipping", "cancellation"];

var (hidden, intermediate, layers) = size == "10m" ? (256, 688, 8) : (768, 2560, 12);
var modelDir = TinyModel.Write(configure: c =>
{
    c["hidden_size"] = hidden;
    c["intermediate_size"] = intermediate;
    c["num_hidden_layers"] = layers;
    c["num_attention_heads"] = hidden / 64;
    c["num_key_value_heads"] = hidden / 64;
});
var folder = Directory.CreateTempSubdirectory("crossover-serving-").FullName;
try
{
    var data = Path.Combine(folder, "data.jsonl");
    using (var writer = new StreamWriter(data))
    {
        for (var i = 0; i < items; i++)
        {
            writer.WriteLine(JsonSerializer.Serialize(new { id = $"t{i}", text = $"Ticket {i}: charged twice, order {i * 7 % 9973}.", label = labels[i % labels.Length] }));
        }
    }

    var experimentPath = Path.Combine(folder, "experiment.yaml");
    File.WriteAllText(experimentPath, $$"""
        name: serving
        dataset: { path: data.jsonl, expected: label, id: id, split: { train: 0, dev: 0, test: 1, seed: 1 } }
        task: { kind: classification, instructions: "Route the ticket.", input: "{{"{{"}}text{{"}}"}}", labels: [billing, technical, account, shipping, cancellation] }
        candidates:
          - name: local
            model: { provider: local, id: "{{modelDir}}" }
        metrics: [accuracy]
        concurrency: {{Concurrency}}
        maxOutputTokens: {{maxOutput}}
        """);
    var experiment = ExperimentReader.Load(experimentPath);
    using var model = LocalModel.Load(modelDir);
    var promptTokens = model.EncodeChat([("system", "Route the ticket."), ("user", "Ticket 0: charged twice, order 0.")]).Count;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prompt ≈ {promptTokens}+ tokens (byte-level tokenizer)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model {size}: {model.ParameterCount / 1e6:0.0}M parameters; {items} items, concurrency {Concurrency}, maxOutputTokens {maxOutput}, threads {TorchSharp.torch.get_num_threads()}"));

    var seconds = new Dictionary<int, double>();
    var cpuSeconds = new Dictionary<int, double>();
    foreach (var maxBatch in new[] { 1, Concurrency })
    {
        using var client = new LocalChatClient(model, ownsModel: false, maxBatch);
        var registry = new ProviderRegistry();
        registry.Register("local", _ => client, _ => new TokenCounter(text => model.Tokenizer.Encode(text, addSpecialTokens: false).Count, "the model's own"));
        var runner = new EvalRunner(registry, null) { UseCache = false };
        await runner.RunAsync(experiment, RunStore.Open(Path.Combine(folder, $"warm{maxBatch}.db")));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var outcome = await runner.RunAsync(experiment, RunStore.Open(Path.Combine(folder, $"run{maxBatch}.db")));
        seconds[maxBatch] = clock.Elapsed.TotalSeconds;
        cpuSeconds[maxBatch] = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        if (outcome.Errors > 0)
        {
            throw new InvalidOperationException($"{outcome.Errors} errors in the run");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"maxBatch {maxBatch}: {seconds[maxBatch]:0.00} s, {items / seconds[maxBatch]:0.00} calls/s, {cpuSeconds[maxBatch]:0.00} s of CPU"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speed-up of continuous batching: {seconds[1] / seconds[Concurrency]:0.00}x wall, {cpuSeconds[1] / cpuSeconds[Concurrency]:0.00}x CPU"));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
    Directory.Delete(modelDir, recursive: true);
}
