using TorchSharp;

// The engine is used by the crossover command, which finds this tool's folder; run on its own it checks that libtorch
// loads on this machine and says where it is, so a failure shows here rather than in the middle of a crossover verb.
var folder = AppContext.BaseDirectory;
try
{
    using var probe = torch.ones(2, 2).matmul(torch.ones(2, 2));
    Console.WriteLine($"crossover-local {typeof(Program).Assembly.GetName().Version?.ToString(3)}: TorchSharp and libtorch load on this machine ({torch.get_num_threads()} threads)");
    Console.WriteLine($"engine folder: {folder}");
    Console.WriteLine("crossover finds it when both tools are installed the same way (--global, or the same --tool-path); elsewhere set CROSSOVER_LOCAL_ENGINE to that folder");
    return 0;
}
catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or NotSupportedException)
{
    Console.Error.WriteLine($"error: libtorch does not load from {folder}: {(ex.InnerException ?? ex).Message.Split('\n')[0]} (docs/local-engine.md)");
    return 2;
}
