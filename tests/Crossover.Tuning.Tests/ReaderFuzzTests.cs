using System.Text;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Core.Profiles;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;
using Crossover.Tuning.Data;

namespace Crossover.Tuning.Tests;

/// <summary>
/// Thousands of seeded mutations of valid files through every reader a user's file reaches (profile, experiment,
/// dataset, training data, catalog): each must either read or fail with one <see cref="InputException"/> (which the CLI
/// prints as one line, exit 2) — never another exception, and never a hang. Lives here because this project reaches
/// every reader; the mutator is the one below.
/// </summary>
public sealed class ReaderFuzzTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static readonly string[] Tokens =
    [
        "-1", "NaN", ".nan", ".inf", "1e309", "0", "[]", "{}", "null", "~", "\"", "'", ":", ": ", "- ", "&a", "*a", "!!binary", "!!float", "? ",
        "{{", "}}", "{{text", "|", "\n", "\r\n", "\t", "\0", "---\n", "...\n", "#", "%YAML 1.2\n", "true", "\u00e9", "\ud83d\ude00", ",", "\"\"", "<<: *a",
    ];

    [Fact]
    public void Profile_MutationsReadOrFailWithOneInputError()
    {
        var valid = File.ReadAllText(Path.Combine(RepoRoot(), "examples", "scenarios", "support-tone.yaml"));
        Fuzz(valid, 2000, 11, text => ProfileReader.Parse(text, "p.yaml"));
    }

    [Fact]
    public void Catalog_MutationsReadOrFailWithOneInputError()
    {
        using var stream = typeof(PriceCatalogReader).Assembly.GetManifestResourceStream("Crossover.Core.Catalog.prices.yaml")!;
        var valid = new StreamReader(stream).ReadToEnd();
        Fuzz(valid, 600, 12, text => PriceCatalogReader.Read(YamlMap.Parse(text, "c.yaml"), requireDate: true));
    }

    [Fact]
    public void Experiment_MutationsReadOrFailWithOneInputError()
    {
        using var data = new TuneData();
        var valid = File.ReadAllText(data.Write());
        Fuzz(valid, 2000, 13, text => ExperimentReader.Parse(text, data.Experiment));
    }

    [Fact]
    public void Dataset_MutationsReadOrFailWithOneInputError()
    {
        using var data = new TuneData();
        var experiment = ExperimentReader.Load(data.Write());
        var valid = File.ReadAllText(data.Data);
        var csv = Path.Combine(data.Folder, "data.csv");
        Fuzz(valid, 1500, 14, text =>
        {
            WriteMaybeLatin1(data.Data, text);
            DatasetReader.Read(experiment.Dataset);
        });
        Fuzz("id,text,label\nt1,\"a, b\",bug\nt2,\"say \"\"hi\"\"\",billing\n", 1000, 15, text =>
        {
            WriteMaybeLatin1(csv, text);
            DatasetReader.Read(experiment.Dataset with { Path = csv });
        });
    }

    [Fact]
    public void TrainingData_MutationsPrepareOrFailWithOneInputError()
    {
        using var data = new TuneData();
        var experiment = ExperimentReader.Load(data.Write());
        var valid = File.ReadAllText(data.Data);
        var catalog = PriceCatalogReader.LoadBundled();
        Fuzz(valid, 1500, 16, text =>
        {
            WriteMaybeLatin1(data.Data, text);
            TrainingPreparer.Prepare(experiment, new PrepareOptions(TrainingFormat.OpenAiChat, "gpt-4.1-mini"), catalog);
            TrainingPreparer.Prepare(experiment, new PrepareOptions(TrainingFormat.Dpo), catalog);
        });
    }

    /// <summary>Runs <paramref name="read"/> on seeded mutations of <paramref name="valid"/> within a generous deadline.</summary>
    private static void Fuzz(string valid, int count, int seed, Action<string> read)
    {
        var random = new Random(seed);
        var mutations = Enumerable.Range(0, count).Select(_ => Mutate(valid, random)).ToList();
        var failures = new List<string>();
        int done = 0, accepted = 0, rejected = 0;
        var run = Task.Run(() =>
        {
            foreach (var text in mutations)
            {
                try
                {
                    read(text);
                    accepted++;
                }
                catch (InputException ex) when (ex.Message.Length > 0)
                {
                    rejected++;
                }
                catch (Exception ex)
                {
                    failures.Add($"{ex.GetType().Name}: {ex.Message} on input:\n{text}");
                }

                Interlocked.Increment(ref done);
            }
        });

        Assert.True(run.Wait(Deadline), $"the reader did not finish {count} inputs in {Deadline} (stuck after {Volatile.Read(ref done)}): a hang on input:\n{mutations[Math.Min(Volatile.Read(ref done), count - 1)]}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} inputs escaped as other exceptions; first: {failures.FirstOrDefault()}");

        // Both outcomes occur, so the mutations reach past the first check and the reader is really exercised.
        Assert.True(accepted > 0 && rejected > 0, $"{accepted} read and {rejected} rejected of {count}");
        Console.WriteLine($"fuzz seed {seed}: {accepted} read, {rejected} rejected with one line, of {count}");
    }

    /// <summary>One to three edits: a token inserted, a span deleted, a line doubled or dropped, lines swapped, the text cut, a byte that is not UTF-8.</summary>
    private static string Mutate(string text, Random random)
    {
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length);
            var lines = text.Split('\n').ToList();
            switch (random.Next(7))
            {
                case 0:
                    text = text.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 1:
                    text = text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
                    break;
                case 2:
                    var line = random.Next(lines.Count);
                    lines.Insert(line, lines[line]);
                    text = string.Join('\n', lines);
                    break;
                case 3:
                    lines.RemoveAt(random.Next(lines.Count));
                    text = string.Join('\n', lines);
                    break;
                case 4:
                    var (a, b) = (random.Next(lines.Count), random.Next(lines.Count));
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    text = string.Join('\n', lines);
                    break;
                case 5:
                    text = text[..at];
                    break;
                default:
                    text = text.Insert(at, Encoding.Latin1.GetString([(byte)random.Next(0x80, 0x100)]));
                    break;
            }
        }

        return text;
    }

    /// <summary>Every fourth file is written as Latin-1, so a non-ASCII character becomes a byte that is not UTF-8.</summary>
    private static void WriteMaybeLatin1(string path, string text) =>
        File.WriteAllText(path, text, text.Length % 4 == 0 ? Encoding.Latin1 : new UTF8Encoding(false));

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crossover.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Crossover.slnx not found above " + AppContext.BaseDirectory);
    }
}
