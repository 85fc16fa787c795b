using System.Diagnostics;
using System.Globalization;
using Crossover.LocalModels;
using static TorchSharp.torch;

/// <summary>
/// Where a model load's time goes (docs/benchmarks.md, "Local engine: model load"): in a fresh process, the first
/// touch of libtorch, then each part of <see cref="LocalModel.Load"/> in order, the first generated token, and then
/// whole warm loads (the median of <c>repeats</c>).
/// </summary>
internal static class LoadTimes
{
    public static void Run(string modelDir, int repeats)
    {
        var sinceStart = TimeProvider.System.GetLocalNow().LocalDateTime - Process.GetCurrentProcess().StartTime;
        Report("process start to Main (runtime, JIT of Main)", sinceStart.TotalSeconds);
        Report("libtorch first touch (native library load)", Time(() => zeros(1).Dispose()));
        Report("tokenizer.json", Time(() => HfTokenizer.Load(Path.Combine(modelDir, "tokenizer.json"))));
        Report("chat template", Time(() => ChatTemplate.Load(modelDir)));
        Report("config + safetensors + strict checks", Time(() => Transformer.Load(modelDir, CPU).Dispose()));
        var cold = Stopwatch.StartNew();
        using var model = LocalModel.Load(modelDir);
        Report("LocalModel.Load (second time in the process)", cold.Elapsed.TotalSeconds);
        Report("first token (prefill of BOS: libtorch's first operations)", Time(() => model.Generate([[1]], new GenerationOptions { MaxNewTokens = 1 })));
        Report("second token", Time(() => model.Generate([[1]], new GenerationOptions { MaxNewTokens = 1 })));
        var warm = Enumerable.Range(0, repeats).Select(_ => Time(() => LocalModel.Load(modelDir).Dispose())).Order().ToList();
        Report($"LocalModel.Load warm, median of {repeats}", warm[repeats / 2]);
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static void Report(string what, double seconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000,9:0.0} ms  {what}"));
}
