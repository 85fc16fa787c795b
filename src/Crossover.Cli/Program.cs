using Crossover.Cli;

LocalEngine.LoadWhenNeeded();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await CrossoverCli.RunAsync(Console.Out, Console.Error, args, cancellation.Token);
