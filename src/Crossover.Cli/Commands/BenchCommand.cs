using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Crossover.Core.Decisions;
using Crossover.Core.Measurement;
using Crossover.Core.Profiles;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover bench …</c>: the performance targets named in the issues, measured on this machine (docs/benchmarks.md).</summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var profileArgument = new Argument<string>("profile") { Description = "A profile with ranges (e.g. examples/scenarios/customer-service-5m-tickets.yaml)." };
        var drawsOption = new Option<int>("--draws") { Description = "Monte Carlo draws per repetition.", DefaultValueFactory = _ => 100_000 };
        var repeatsOption = new Option<int>("--repeats") { Description = "Timed rounds after the first that must agree within 10 % (steady state under tiered JIT).", DefaultValueFactory = _ => 5 };
        var maxRoundsOption = new Option<int>("--max-rounds") { Description = "Rounds after which to stop even if the times have not settled.", DefaultValueFactory = _ => 40 };
        var decide = new Command("decide", "Time the Monte Carlo of 'decide' alone, then the whole of 'decide': the first run and the steady state apart (docs/benchmarks.md).")
        {
            profileArgument, drawsOption, repeatsOption, maxRoundsOption,
        };
        decide.SetAction(parse =>
        {
            var profile = ProfileReader.Load(parse.GetValue(profileArgument)!);
            var catalog = CommonOptions.LoadCatalog(null);
            var draws = parse.GetValue(drawsOption);
            var repeats = Math.Max(1, parse.GetValue(repeatsOption));
            var maxRounds = Math.Max(repeats + 1, parse.GetValue(maxRoundsOption));
            var monteCarlo = Rounds(repeats, maxRounds, seed => Decider.MonteCarlo(profile, catalog, draws, seed));
            var ranged = ProfileParameter.All.Count(p => p.Get(profile) is { IsRange: true });
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"monte-carlo draws={draws} ranged-inputs={ranged} repeats={repeats} {Figures(monteCarlo)} draws-per-second={draws / (monteCarlo.Steady / 1000):0}"));

            // The whole of 'decide': options, feasibility, sensitivity sweeps, the Monte Carlo and the value of information.
            var whole = Rounds(repeats, maxRounds, seed => Decider.Decide(profile, catalog, new DecideOptions { MonteCarloDraws = draws, Seed = seed }));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decide draws={draws} repeats={repeats} {Figures(whole)}"));
            return CrossoverCli.Ok;
        });

        return new Command("bench", "Measure the performance targets (results go in docs/benchmarks.md).") { decide, Tokenizer(context) };
    }

    /// <summary>Times rounds (each with its own seed) until the last <paramref name="repeats"/> agree or <paramref name="maxRounds"/> have run.</summary>
    private static SteadyState Rounds(int repeats, int maxRounds, Action<int> round)
    {
        var series = new SteadyState(repeats, tolerance: 0.10, maxRounds);
        for (var seed = 1; !series.Done; seed++)
        {
            var watch = Stopwatch.StartNew();
            round(seed);
            series.Add(watch.Elapsed.TotalMilliseconds);
        }

        return series;
    }

    /// <summary>The steady median first (the figure the targets are about), then the first run and how the rounds went.</summary>
    private static string Figures(SteadyState series) => string.Create(CultureInfo.InvariantCulture,
        $"median-ms={series.Steady:0.0} min-ms={series.Window.Min():0.0} max-ms={series.Window.Max():0.0} first-ms={series.First:0.0} rounds={series.Rounds.Count} settled={(series.IsSteady ? "yes" : "no")}");

    /// <summary>Times encoding long unbroken inputs, where a quadratic BPE merge shows (issue 13, item 6).</summary>
    private static Command Tokenizer(CliContext context)
    {
        var fileArgument = new Argument<string>("tokenizer") { Description = "A tokenizer.json file." };
        var lengthsOption = new Option<string>("--lengths") { Description = "Input lengths in characters, comma-separated.", DefaultValueFactory = _ => "100000,400000" };
        var command = new Command("tokenizer", "Time encoding one long run of letters, a DNA-like string and words, each of each length.") { fileArgument, lengthsOption };
        command.SetAction(parse =>
        {
            var tokenizer = LocalModels.HfTokenizer.Load(parse.GetValue(fileArgument)!);
            tokenizer.Encode("warm up the tokenizer", addSpecialTokens: false);
            foreach (var length in parse.GetValue(lengthsOption)!.Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)))
            {
                var random = new Random(1);
                var inputs = new (string Name, string Text)[]
                {
                    ("letters", new string([.. Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26)))])),
                    ("dna", new string([.. Enumerable.Range(0, length).Select(_ => "ACGT"[random.Next(4)])])),
                    ("words", new string([.. Enumerable.Range(0, length).Select(_ => random.Next(6) == 0 ? ' ' : (char)('a' + random.Next(26)))])),
                };
                foreach (var (name, text) in inputs)
                {
                    var watch = Stopwatch.StartNew();
                    var tokens = tokenizer.Encode(text, addSpecialTokens: false).Count;
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"tokenizer input={name} chars={text.Length} tokens={tokens} seconds={watch.Elapsed.TotalSeconds:0.000} chars-per-second={text.Length / watch.Elapsed.TotalSeconds:0}"));
                }
            }

            return CrossoverCli.Ok;
        });
        return command;
    }
}
